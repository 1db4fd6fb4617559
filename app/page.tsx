import Link from "next/link";
import { getDb } from "@/db/client";
import { listAudits } from "@/db/queries/audits";
import { listModels } from "@/db/queries/models";
import { datasets } from "@/db/schema";
import { Card, SeverityBadge, StatusBadge, VerdictBadge } from "./_components/badges";

export const dynamic = "force-dynamic";

export default async function Home() {
  const db = await getDb();
  const [audits, models, dsets] = await Promise.all([
    listAudits(db),
    listModels(db),
    db.select().from(datasets),
  ]);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold">Audits</h1>
        <p className="mt-1 max-w-3xl text-muted">
          Should you reuse a pretrained model for your task — transfer its frozen features, fine-tune it, or
          train from scratch — and which biases of its training data come with it? Each audit answers with
          measured evidence.
        </p>
      </div>
      {audits.length === 0 ? (
        <Card title="Start here">
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            <li>
              The demo datasets and models are being prepared in the background; they appear below within a
              minute or two.
            </li>
            <li>
              Import your own data under{" "}
              <Link className="text-accent underline" href="/datasets">
                Datasets
              </Link>
              : a source (what the model learned from, or a sample of it) and a target (your new task).
            </li>
            <li>
              Then{" "}
              <Link className="text-accent underline" href="/audits/new">
                start a new audit
              </Link>
              : pick a model, the layers to cut at, the two datasets and the protected attributes.
            </li>
          </ol>
        </Card>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audits</caption>
            <thead className="bg-slate-50 text-xs uppercase text-muted">
              <tr>
                <th className="px-4 py-2">Audit</th>
                <th className="px-4 py-2">Model</th>
                <th className="px-4 py-2">Source → target</th>
                <th className="px-4 py-2">Status</th>
                <th className="px-4 py-2">Verdict</th>
                <th className="px-4 py-2">Highest warning</th>
              </tr>
            </thead>
            <tbody>
              {audits.map((a) => (
                <tr key={a.id} className="border-t border-slate-100">
                  <td className="px-4 py-2">
                    <Link className="font-medium text-accent hover:underline" href={`/audits/${a.id}`}>
                      {a.name}
                    </Link>
                  </td>
                  <td className="px-4 py-2">{a.modelName}</td>
                  <td className="px-4 py-2">
                    {a.sourceName} → {a.targetName}
                  </td>
                  <td className="px-4 py-2">
                    <StatusBadge status={a.status} stage={a.stage} />
                  </td>
                  <td className="px-4 py-2">
                    <VerdictBadge verdict={a.verdict} />
                  </td>
                  <td className="px-4 py-2">
                    <SeverityBadge severity={a.highestSeverity} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="grid gap-6 md:grid-cols-2">
        <Card title={`Models (${models.length})`}>
          <ul className="space-y-1 text-sm">
            {models.map((m) => (
              <li key={m.id}>
                <Link className="text-accent hover:underline" href={`/models/${m.id}`}>
                  {m.name}
                </Link>{" "}
                <span className="text-muted">· learned from {m.sourceDataset.name}</span>
              </li>
            ))}
            {models.length === 0 && <li className="text-muted">No models yet.</li>}
          </ul>
        </Card>
        <Card title={`Datasets (${dsets.length})`}>
          <ul className="space-y-1 text-sm">
            {dsets.map((d) => (
              <li key={d.id}>
                <Link className="text-accent hover:underline" href={`/datasets/${d.id}`}>
                  {d.name}
                </Link>{" "}
                <span className="text-muted">
                  · {d.kind}, {d.sampleCount.toLocaleString("en")} samples
                </span>
              </li>
            ))}
            {dsets.length === 0 && <li className="text-muted">No datasets yet.</li>}
          </ul>
        </Card>
      </div>
    </div>
  );
}
