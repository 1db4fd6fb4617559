import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getModel, modelLayersOf } from "@/db/queries/models";
import { auditsForModel, warningsOfAudits } from "@/db/queries/reports";
import { requireUser } from "@/lib/auth/guard";
import { type DatasetCard, loadDatasetCard } from "@/lib/bias";
import { AuditFindingsTable, FoundWarnings } from "../../../_components/audit-findings";
import { Card } from "../../../_components/badges";
import { DatasetCardView } from "../../../_components/report/dataset-card";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const m = await getModel(await getDb(), (await params).id);
  return { title: m?.name ?? "Model" };
}

export default async function ModelPage({ params }: Params) {
  await requireUser("viewer");
  const { id } = await params;
  const db = await getDb();
  const model = await getModel(db, id);
  if (!model) notFound();
  const [layers, audits] = await Promise.all([modelLayersOf(db, model.id), auditsForModel(db, model.id)]);
  const warnings = await warningsOfAudits(
    db,
    audits.map((a) => a.id),
  );
  let card: DatasetCard | null = null;
  let cardError: string | null = null;
  if (model.sourceDataset.cardId) {
    try {
      card = loadDatasetCard(model.sourceDataset.cardId);
    } catch (e) {
      cardError = (e as Error).message;
    }
  }
  const verdicts = audits
    .filter((a) => a.verdict)
    .reduce<Record<string, number>>((acc, a) => {
      acc[a.verdict!] = (acc[a.verdict!] ?? 0) + 1;
      return acc;
    }, {});
  return (
    <div className="space-y-6">
      <header>
        <p className="text-xs font-semibold uppercase tracking-wide text-muted">Model</p>
        <h1 className="text-2xl font-bold">{model.name}</h1>
        <p className="mt-1 text-sm text-muted">
          {model.format} · {model.parameterCount.toLocaleString("en")} parameters · input{" "}
          {model.inputShape.join("×")} ·{" "}
          {model.hasHead
            ? `classification head (${model.headClasses?.length ?? "?"} classes)`
            : "no classification head"}
        </p>
        <Link
          href={`/audits/new?model=${model.id}`}
          className="mt-3 inline-block rounded bg-accent px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800"
        >
          Audit this model
        </Link>
      </header>
      <Card title="What the audits found">
        <p className="mb-3 text-sm">
          {audits.length} audit(s).{" "}
          {Object.entries(verdicts)
            .map(([v, n]) => `${n} × ${v.replace("_", " ")}`)
            .join(", ")}
        </p>
        <AuditFindingsTable audits={audits} />
        <h3 className="mb-2 mt-5 text-sm font-semibold">Most severe warnings across these audits</h3>
        <FoundWarnings warnings={warnings} auditNames={new Map(audits.map((a) => [a.id, a.name]))} />
      </Card>
      <Card title="Training data">
        <p className="text-sm">
          <b>{model.sourceDataset.name}</b>: {model.sourceDataset.description}
          {model.sourceDataset.link ? (
            <span className="break-all text-muted"> ({model.sourceDataset.link})</span>
          ) : null}
        </p>
        {card && (
          <div className="mt-4">
            <DatasetCardView card={card} />
          </div>
        )}
        {cardError && <p className="mt-2 text-sm text-red-700">Dataset card unavailable: {cardError}</p>}
        {!model.sourceDataset.cardId && (
          <p className="mt-2 text-sm text-muted">No dataset card on file for it.</p>
        )}
      </Card>
      <Card title="Provenance">
        <p className="whitespace-pre-wrap text-sm">{model.provenance || "Not recorded."}</p>
        <p className="mt-2 break-all font-mono text-xs text-muted">weights sha256 {model.weightsHash}</p>
      </Card>
      <Card title={`Layers (${layers.length})`}>
        <details>
          <summary className="cursor-pointer text-sm text-accent">Show all layers</summary>
          <table className="mt-2 w-full text-left text-xs">
            <caption className="sr-only">Layers of {model.name}</caption>
            <thead className="text-muted">
              <tr>
                <th scope="col">#</th>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Output</th>
                <th scope="col">Parameters</th>
              </tr>
            </thead>
            <tbody className="font-mono">
              {layers.map((l) => (
                <tr key={l.index} className={model.suggestedLayers.includes(l.name) ? "bg-emerald-50" : ""}>
                  <td>{l.index}</td>
                  <td>
                    {l.name}
                    {model.suggestedLayers.includes(l.name) ? " (suggested)" : ""}
                  </td>
                  <td>{l.className}</td>
                  <td>{l.outputShape.map((d) => d ?? "?").join("×")}</td>
                  <td>{l.params.toLocaleString("en")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </Card>
    </div>
  );
}
