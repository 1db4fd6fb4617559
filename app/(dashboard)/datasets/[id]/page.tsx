import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { type ColumnDistribution, datasetSummary, getDataset, samplePage } from "@/db/queries/datasets";
import { auditsForDataset, warningsOfAudits } from "@/db/queries/reports";
import { requireUser } from "@/lib/auth/guard";
import { wilsonInterval } from "@/lib/metrics/stats/wilson";
import { withInterval } from "@/lib/reports/numbers";
import { AuditFindingsTable, FoundWarnings } from "../../../_components/audit-findings";
import { Card } from "../../../_components/badges";
import { Inferred } from "../../../_components/report/ui";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const d = await getDataset(await getDb(), (await params).id);
  return { title: d?.name ?? "Dataset" };
}

const MIN_GROUP = 30;

function Distribution({ title, dist, total }: { title: string; dist: ColumnDistribution; total: number }) {
  const n = total - dist.missing;
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-1 text-left text-xs text-muted">
        {title}: {n.toLocaleString("en")} with a value, {dist.missing.toLocaleString("en")} missing; shares
        with 95 % Wilson intervals
      </caption>
      <thead className="bg-slate-50 text-xs text-muted">
        <tr>
          <th scope="col" className="px-3 py-1">
            Value
          </th>
          <th scope="col" className="px-3 py-1">
            Count
          </th>
          <th scope="col" className="px-3 py-1">
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {dist.counts.slice(0, 30).map((c) => {
          const ci = n > 0 ? wilsonInterval(c.count, n) : null;
          return (
            <tr key={c.value} className="border-t border-slate-100">
              <td className="px-3 py-1">{c.value}</td>
              <td className="num px-3 py-1">{c.count.toLocaleString("en")}</td>
              <td className="num px-3 py-1">
                {ci ? withInterval(ci.estimate, ci.lower, ci.upper, { percent: true }) : "—"}
                {c.count < MIN_GROUP && <span className="ml-1 text-xs text-muted">too small to judge</span>}
              </td>
            </tr>
          );
        })}
        {dist.counts.length > 30 && (
          <tr>
            <td colSpan={3} className="px-3 py-1 text-xs text-muted">
              … and {dist.counts.length - 30} more values
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export default async function DatasetPage({ params }: Params) {
  await requireUser("viewer");
  const { id } = await params;
  const db = await getDb();
  const dataset = await getDataset(db, id);
  if (!dataset) notFound();
  const [summary, page, audits] = await Promise.all([
    datasetSummary(db, id),
    samplePage(db, id, { offset: 0, limit: 24 }),
    auditsForDataset(db, id),
  ]);
  const warnings = await warningsOfAudits(
    db,
    audits.map((a) => a.id),
  );
  return (
    <div className="space-y-6">
      <header>
        <p className="text-xs font-semibold uppercase tracking-wide text-muted">Dataset</p>
        <h1 className="text-2xl font-bold">{dataset.name}</h1>
        <p className="mt-1 text-sm text-muted">
          {dataset.kind} · {dataset.sampleCount.toLocaleString("en")} samples · label column{" "}
          {dataset.labelColumn ?? "none"} · licence {dataset.license || "not recorded"}
        </p>
        {dataset.description && <p className="mt-2 max-w-3xl text-sm">{dataset.description}</p>}
        {dataset.provenance && (
          <p className="mt-1 max-w-3xl text-xs text-muted">Provenance: {dataset.provenance}</p>
        )}
      </header>
      <Card title="What the audits found">
        <AuditFindingsTable audits={audits} showRole />
        <h3 className="mb-2 mt-5 text-sm font-semibold">Most severe warnings of these audits</h3>
        <FoundWarnings warnings={warnings} auditNames={new Map(audits.map((a) => [a.id, a.name]))} />
      </Card>
      {summary && (
        <Card title="Labels and attributes">
          <div className="grid gap-6 lg:grid-cols-2">
            {summary.label && (
              <Distribution
                title={`Label (${summary.label.column ?? "folder"})`}
                dist={summary.label}
                total={summary.sampleCount}
              />
            )}
            {summary.attributes.map((a) => (
              <div key={a.name}>
                <p className="mb-1 text-sm font-medium">
                  {a.name}
                  {a.protected && <span className="ml-2 text-xs text-muted">protected</span>}
                  <Inferred by={a.inferredBy} />
                </p>
                <Distribution title={a.name} dist={a} total={summary.sampleCount} />
              </div>
            ))}
          </div>
        </Card>
      )}
      {dataset.kind === "image" && page.samples.length > 0 && (
        <Card title="First samples">
          <ul className="flex flex-wrap gap-2">
            {page.samples.map((s) => (
              <li key={s.id} className="text-center text-xs">
                {/* biome-ignore lint/performance/noImgElement: tiny PNG thumbnails from our own route */}
                <img
                  src={`/api/samples/${s.id}/thumbnail`}
                  alt={`${s.externalId}, label ${s.label ?? "none"}`}
                  width={72}
                  height={72}
                  className="h-[72px] w-[72px] rounded border border-slate-200 bg-slate-900 object-contain [image-rendering:pixelated]"
                />
                <span className="block max-w-[72px] truncate">{s.label ?? "—"}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      {dataset.skipped.length > 0 && (
        <Card title={`Skipped at import (${dataset.skipped.length})`}>
          <ul className="list-disc pl-5 text-sm">
            {dataset.skipped.slice(0, 20).map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: skipped entries have no id
              <li key={i}>
                {s.file ?? s.path ?? (s.row !== undefined ? `row ${s.row}` : "?")}: {s.reason}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
