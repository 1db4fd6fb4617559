import Link from "next/link";
import { getDb } from "@/db/client";
import { listAudits } from "@/db/queries/audits";
import { listDatasets } from "@/db/queries/datasets";
import { listModels } from "@/db/queries/models";
import { demoSeedJob } from "@/db/queries/reports";
import { requireUser } from "@/lib/auth/guard";
import { humanize } from "@/lib/reports/numbers";
import { noVerdictReason } from "@/lib/reports/verdict-reason";
import { Card, SeverityBadge, StatusBadge, VerdictBadge } from "../_components/badges";

export const dynamic = "force-dynamic";

export default async function Home() {
  await requireUser("viewer");
  const db = await getDb();
  const [audits, models, datasets, demo] = await Promise.all([
    listAudits(db),
    listModels(db),
    listDatasets(db),
    demoSeedJob(db),
  ]);
  const preparing = demo && demo.status !== "done" && demo.status !== "failed";
  const modelFormat = new Map(models.map((m) => [m.id, m.format]));
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
      {preparing && (
        <p role="status" className="rounded border border-blue-200 bg-blue-50 p-3 text-sm text-blue-900">
          Preparing the demo datasets and audits in the background
          {demo.total > 0 ? ` (${demo.done} of ${demo.total}${demo.stage ? `: ${demo.stage}` : ""})` : ""}.
          They appear here when ready; reload to check.
        </p>
      )}
      {audits.length === 0 ? (
        <Card title="Start here">
          <ol className="list-decimal space-y-2 pl-5 text-sm">
            <li>
              {models.length > 0 && datasets.length > 1
                ? "Models and datasets are ready below."
                : "Demo models and datasets are prepared on first start; they appear below within a few minutes."}
            </li>
            <li>
              To audit your own data, import it with the command line:{" "}
              <code className="rounded bg-slate-100 px-1">
                npx transfer-audit import --images folder --name "My data"
              </code>{" "}
              — a source (what the model learned from, or a sample of it) and a target (your new task, with
              labels).
            </li>
            <li>
              Then{" "}
              <Link className="text-accent underline" href="/audits/new">
                start a new audit
              </Link>
              : pick a model, the layers to cut at, the two datasets and the protected attributes. The report
              tells you whether to transfer, fine-tune or train from scratch, and which biases come along.
            </li>
          </ol>
        </Card>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audits, newest first</caption>
            <thead className="bg-slate-50 text-xs uppercase text-muted">
              <tr>
                <th scope="col" className="px-4 py-2">
                  Audit
                </th>
                <th scope="col" className="px-4 py-2">
                  Model
                </th>
                <th scope="col" className="px-4 py-2">
                  Source → target
                </th>
                <th scope="col" className="px-4 py-2">
                  Status
                </th>
                <th scope="col" className="px-4 py-2">
                  Verdict
                </th>
                <th scope="col" className="px-4 py-2">
                  Highest warning
                </th>
                <th scope="col" className="px-4 py-2">
                  Review
                </th>
              </tr>
            </thead>
            <tbody>
              {audits.map((a) => (
                <tr key={a.id} className="border-t border-slate-100" data-testid="audit-row">
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
                    <VerdictBadge
                      verdict={a.verdict}
                      status={a.status}
                      reason={noVerdictReason({ ...a, modelFormat: modelFormat.get(a.modelId) ?? null })}
                    />
                  </td>
                  <td className="px-4 py-2">
                    <SeverityBadge severity={a.highestSeverity} />
                  </td>
                  <td className="px-4 py-2 text-xs">{humanize(a.reviewStatus)}</td>
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
        <Card title={`Datasets (${datasets.length})`}>
          <ul className="space-y-1 text-sm">
            {datasets.map((d) => (
              <li key={d.id}>
                <Link className="text-accent hover:underline" href={`/datasets/${d.id}`}>
                  {d.name}
                </Link>{" "}
                <span className="text-muted">
                  · {d.kind}, {d.sampleCount.toLocaleString("en")} samples
                </span>
              </li>
            ))}
            {datasets.length === 0 && <li className="text-muted">No datasets yet.</li>}
          </ul>
        </Card>
      </div>
    </div>
  );
}
