import type { ReactNode } from "react";

const SEVERITY_STYLE: Record<string, string> = {
  high: "bg-red-100 text-red-800 ring-red-200",
  medium: "bg-amber-100 text-amber-900 ring-amber-200",
  info: "bg-blue-50 text-blue-800 ring-blue-200",
};

export function SeverityBadge({ severity }: { severity: string | null }) {
  if (!severity) return <span className="text-xs text-muted">none</span>;
  return (
    <span
      className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ring-1 ${SEVERITY_STYLE[severity] ?? ""}`}
    >
      {severity}
    </span>
  );
}

export const VERDICT_LABEL: Record<string, string> = {
  transfer: "Transfer (freeze features, train a new head)",
  fine_tune: "Transfer, then fine-tune",
  from_scratch: "Train from scratch",
  small_different: "Small target, different task",
};

/**
 * The verdict, or why there is none: `reason` (lib/reports/verdict-reason.ts) in a few words, with
 * the full sentence as a tooltip.
 */
export function VerdictBadge({
  verdict,
  status,
  reason,
}: {
  verdict: string | null;
  status?: string;
  reason?: { short: string; long: string } | null;
}) {
  if (!verdict) {
    if (reason)
      return (
        <span className="text-xs text-muted" title={reason.long} data-testid="no-verdict-reason">
          {reason.short}
        </span>
      );
    const text = status === "done" ? "no verdict" : status === "failed" ? "—" : "pending";
    return <span className="text-xs text-muted">{text}</span>;
  }
  const style =
    verdict === "from_scratch"
      ? "bg-slate-200 text-slate-900"
      : verdict === "small_different"
        ? "bg-amber-100 text-amber-900"
        : "bg-emerald-100 text-emerald-900";
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium leading-snug ${style}`}>
      {VERDICT_LABEL[verdict] ?? verdict}
    </span>
  );
}

export function StatusBadge({ status, stage }: { status: string; stage?: string | null }) {
  const style =
    status === "done"
      ? "bg-emerald-100 text-emerald-900"
      : status === "failed"
        ? "bg-red-100 text-red-800"
        : "bg-blue-50 text-blue-800";
  return (
    <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${style}`}>
      {status}
      {status === "running" && stage ? ` · ${stage}` : ""}
    </span>
  );
}

export function Card({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section
      id={id}
      aria-labelledby={id ? `${id}-title` : undefined}
      className="rounded-lg border border-slate-200 bg-white p-5"
    >
      <h2 id={id ? `${id}-title` : undefined} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
