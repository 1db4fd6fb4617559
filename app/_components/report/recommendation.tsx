import type { Report } from "@/lib/reports/assemble";
import { VERDICTS } from "@/lib/reports/glossary";
import { fmt } from "@/lib/reports/numbers";
import { noVerdictReason } from "@/lib/reports/verdict-reason";
import { Term } from "../term";
import { EvidenceLine } from "./evidence";

const TONE: Record<string, string> = {
  transfer: "border-emerald-300 bg-emerald-50",
  fine_tune: "border-emerald-300 bg-emerald-50",
  from_scratch: "border-slate-300 bg-slate-100",
  small_different: "border-amber-300 bg-amber-50",
};

/** The verdict card: what to do, where to cut, how sure, and the numbers that say so. */
export function RecommendationCard({ report }: { report: Report }) {
  const rec = report.recommendation;
  const counts = { high: 0, medium: 0, info: 0 };
  for (const w of report.warnings) counts[w.severity] += 1;
  if (!rec) {
    return (
      <section
        id="recommendation"
        aria-labelledby="recommendation-title"
        className="report-section rounded-lg border border-slate-200 bg-white p-5"
      >
        <h2 id="recommendation-title" className="text-lg font-semibold">
          Recommendation
        </h2>
        <p className="mt-2 max-w-3xl text-sm" data-testid="no-verdict-reason">
          {
            noVerdictReason({
              status: report.audit.status,
              verdict: null,
              error: report.audit.error,
              modelFormat: report.model?.format ?? null,
              targetLabelled: report.target ? report.target.labelColumn !== null : null,
            })?.long
          }
        </p>
      </section>
    );
  }
  const v = VERDICTS[rec.verdict] ?? { title: rec.verdict, meaning: "" };
  return (
    <section
      id="recommendation"
      aria-labelledby="recommendation-title"
      className={`report-section rounded-lg border-2 p-6 ${TONE[rec.verdict] ?? "border-slate-300 bg-white"}`}
    >
      <p className="text-xs font-semibold uppercase tracking-wide text-muted">Recommendation</p>
      <h2 id="recommendation-title" className="mt-1 text-2xl font-bold" data-testid="verdict">
        {v.title}
      </h2>
      <p className="mt-2 max-w-3xl text-sm">{v.meaning}</p>
      <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs text-muted">
            <Term k="splitLayer">Split layer</Term>
          </dt>
          <dd className="font-mono text-base font-semibold">{rec.splitLayer ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">
            <Term k="confidence">Confidence</Term>
          </dt>
          <dd className="text-base font-semibold">
            {rec.confidenceLabel}{" "}
            <span className="num text-sm font-normal text-muted">({fmt(rec.confidence)})</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Warnings</dt>
          <dd className="text-base">
            <span className="font-semibold text-high">{counts.high} high</span>
            {" · "}
            <span className="font-semibold text-medium">{counts.medium} medium</span>
            {" · "}
            <span className="text-info">{counts.info} info</span>
          </dd>
        </div>
      </dl>
      <h3 className="mt-5 text-sm font-semibold">Why</h3>
      <ol className="mt-2 list-decimal space-y-2 pl-5 text-sm">
        {rec.reasons.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: reasons are an ordered list without ids
          <li key={i}>
            <span>{r.text}</span>
            <br />
            <EvidenceLine e={r.evidence} />
          </li>
        ))}
      </ol>
      <p className="mt-4 text-xs text-muted">Decision rules version {rec.thresholdsVersion}.</p>
    </section>
  );
}
