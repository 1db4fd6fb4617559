import type { ReactNode } from "react";
import type { ReportWarning } from "@/lib/reports/assemble";
import { SeverityBadge } from "../badges";
import { EvidenceLine } from "./evidence";
import { Empty } from "./ui";

const STATE_STYLE: Record<string, string> = {
  open: "bg-slate-100 text-slate-700",
  acknowledged: "bg-sky-100 text-sky-900",
  mitigated: "bg-emerald-100 text-emerald-900",
  blocking: "bg-red-100 text-red-800",
};

export function ReviewStateBadge({ state }: { state: string }) {
  return (
    <span
      className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[state] ?? ""}`}
      data-testid="review-state"
    >
      {state}
    </span>
  );
}

/**
 * A list of warnings, most severe first, each with its evidence and what to do about it. With
 * `foldInfo`, informational ones sit in a closed disclosure under the others (open when printing).
 */
export function WarningList({
  warnings,
  actions,
  empty = "No warnings.",
  foldInfo = false,
  print = false,
}: {
  warnings: ReportWarning[];
  /** Review controls and history for one warning (dashboard only). */
  actions?: (w: ReportWarning) => ReactNode;
  empty?: string;
  foldInfo?: boolean;
  print?: boolean;
}) {
  if (warnings.length === 0) return <Empty>{empty}</Empty>;
  const main = foldInfo ? warnings.filter((w) => w.severity !== "info") : warnings;
  const info = foldInfo ? warnings.filter((w) => w.severity === "info") : [];
  return (
    <>
      {main.length > 0 && <WarningItems warnings={main} actions={actions} />}
      {main.length === 0 && info.length > 0 && <Empty>No high or medium warnings.</Empty>}
      {info.length > 0 && (
        <details className="mt-3" open={print}>
          <summary className="cursor-pointer text-sm text-accent">
            {info.length} informational warning{info.length === 1 ? "" : "s"} (small groups, checks that
            passed, documented facts)
          </summary>
          <div className="mt-3">
            <WarningItems warnings={info} actions={actions} />
          </div>
        </details>
      )}
    </>
  );
}

/** Each warning in full: severity, title, sentence, evidence, what to do, and its review controls. */
export function WarningItems({
  warnings,
  actions,
}: {
  warnings: ReportWarning[];
  actions?: ((w: ReportWarning) => ReactNode) | undefined;
}) {
  return (
    <ul className="space-y-3">
      {warnings.map((w) => (
        <li
          key={w.id}
          id={`warning-${w.id}`}
          data-testid="warning"
          className={`avoid-break rounded border-l-4 bg-white p-3 ring-1 ring-slate-200 ${
            w.severity === "high"
              ? "border-l-high"
              : w.severity === "medium"
                ? "border-l-medium"
                : "border-l-info"
          }`}
        >
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={w.severity} />
            <h4 className="font-medium">{w.title}</h4>
            <span className="ml-auto">
              <ReviewStateBadge state={w.reviewState} />
            </span>
          </div>
          <p className="mt-1 text-sm">{w.message}</p>
          {w.evidence && (
            <p className="mt-1">
              <EvidenceLine e={w.evidence} />
            </p>
          )}
          {w.mitigation && (
            <p className="mt-1 text-sm text-muted">
              <span className="font-medium text-ink">What to do: </span>
              {w.mitigation}
            </p>
          )}
          {actions?.(w)}
        </li>
      ))}
    </ul>
  );
}
