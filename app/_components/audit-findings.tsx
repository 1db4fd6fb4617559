import Link from "next/link";
import type { AuditFinding } from "@/db/queries/reports";
import { humanize } from "@/lib/reports/numbers";
import { noVerdictReason } from "@/lib/reports/verdict-reason";
import { SeverityBadge, StatusBadge, VerdictBadge } from "./badges";

/** What the audits of a model or dataset concluded, one row per audit. */
export function AuditFindingsTable({
  audits,
  showRole = false,
}: {
  audits: AuditFinding[];
  showRole?: boolean;
}) {
  if (audits.length === 0) return <p className="text-sm text-muted">No audits yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audits</caption>
        <thead className="bg-slate-50 text-xs text-muted">
          <tr>
            <th scope="col" className="px-3 py-2">
              Audit
            </th>
            {showRole && (
              <th scope="col" className="px-3 py-2">
                Role
              </th>
            )}
            <th scope="col" className="px-3 py-2">
              Source → target
            </th>
            <th scope="col" className="px-3 py-2">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              Verdict
            </th>
            <th scope="col" className="px-3 py-2">
              Split layer
            </th>
            <th scope="col" className="px-3 py-2">
              Highest warning
            </th>
            <th scope="col" className="px-3 py-2">
              Review
            </th>
          </tr>
        </thead>
        <tbody>
          {audits.map((a) => (
            <tr key={a.id} className="border-t border-slate-100">
              <td className="px-3 py-1.5">
                <Link href={`/audits/${a.id}`} className="text-accent hover:underline">
                  {a.name}
                </Link>
              </td>
              {showRole && <td className="px-3 py-1.5">{a.role}</td>}
              <td className="px-3 py-1.5">
                {a.sourceName} → {a.targetName}
              </td>
              <td className="px-3 py-1.5">
                <StatusBadge status={a.status} />
              </td>
              <td className="px-3 py-1.5">
                <VerdictBadge verdict={a.verdict} status={a.status} reason={noVerdictReason(a)} />
                {a.confidenceLabel && <span className="ml-1 text-xs text-muted">({a.confidenceLabel})</span>}
              </td>
              <td className="px-3 py-1.5 font-mono text-xs">{a.splitLayer ?? "—"}</td>
              <td className="px-3 py-1.5">
                <SeverityBadge severity={a.highestSeverity} />
              </td>
              <td className="px-3 py-1.5 text-xs">{humanize(a.reviewStatus)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The most severe warnings those audits raised. */
export function FoundWarnings({
  warnings,
  auditNames,
  limit = 10,
}: {
  warnings: {
    id: number;
    auditId: string;
    severity: string;
    title: string;
    message: string;
    reviewState: string;
    category: string;
  }[];
  auditNames: Map<string, string>;
  limit?: number;
}) {
  if (warnings.length === 0) return <p className="text-sm text-muted">No warnings raised.</p>;
  return (
    <ul className="space-y-2 text-sm">
      {warnings.slice(0, limit).map((w) => (
        <li key={w.id} className="rounded border border-slate-200 p-2">
          <SeverityBadge severity={w.severity} /> <b>{w.title}</b>{" "}
          <span className="text-xs text-muted">
            ({w.category}, {w.reviewState}) in{" "}
            <Link href={`/audits/${w.auditId}#warning-${w.id}`} className="text-accent hover:underline">
              {auditNames.get(w.auditId) ?? "audit"}
            </Link>
          </span>
          <p className="mt-0.5 text-muted">{w.message}</p>
        </li>
      ))}
      {warnings.length > limit && (
        <li className="text-xs text-muted">… and {warnings.length - limit} more.</li>
      )}
    </ul>
  );
}
