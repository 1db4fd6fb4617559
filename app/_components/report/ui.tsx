import type { ReactNode } from "react";
import { type IntervalOptions, withInterval } from "@/lib/reports/numbers";
import { SectionBoundary } from "../section-boundary";
import { Term } from "../term";

/** A report section: titled, anchored, isolated from the failures of its neighbours. */
export function Section({
  id,
  title,
  intro,
  children,
  className = "",
}: {
  id: string;
  title: ReactNode;
  intro?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section
      id={id}
      aria-labelledby={`${id}-title`}
      className={`report-section rounded-lg border border-slate-200 bg-white p-5 shadow-sm ${className}`}
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      {intro && <div className="mt-1 max-w-3xl text-sm text-muted">{intro}</div>}
      <div className="mt-4">
        <SectionBoundary title={typeof title === "string" ? title : id}>{children}</SectionBoundary>
      </div>
    </section>
  );
}

/**
 * Runs a section's body and shows a notice instead of failing the page when its data is not what
 * the section expects (a finding stored by an older pipeline, say).
 */
export function safe(title: string, render: () => ReactNode): ReactNode {
  try {
    return render();
  } catch (e) {
    console.error(`[report] section "${title}" failed:`, e);
    return (
      <p role="alert" className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        The section “{title}” could not be shown: {(e as Error).message}
      </p>
    );
  }
}

/** A chart with its caption; the PDF export waits until every `data-chart` is drawn. */
export function Figure({ caption, children }: { caption: ReactNode; children: ReactNode }) {
  return (
    <figure data-chart className="avoid-break my-4">
      {children}
      <figcaption className="mt-1 text-xs text-muted">{caption}</figcaption>
    </figure>
  );
}

export function Iv({
  value,
  low,
  high,
  ...opts
}: { value: number | null | undefined; low?: number | null; high?: number | null } & IntervalOptions) {
  return <span className="num">{withInterval(value, low, high, opts)}</span>;
}

export function Table({
  caption,
  head,
  children,
}: {
  caption: string;
  head: ReactNode[];
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="mb-1 text-left text-xs font-medium text-muted">{caption}</caption>
        <thead className="bg-slate-50 text-xs text-muted">
          <tr>
            {head.map((h, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static header
              <th key={i} scope="col" className="px-3 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="align-top">{children}</tbody>
      </table>
    </div>
  );
}

export function Td({ children, className = "" }: { children: ReactNode; className?: string }) {
  return <td className={`border-t border-slate-100 px-3 py-1.5 ${className}`}>{children}</td>;
}

export function Inferred({ by }: { by: string | null | undefined }) {
  if (!by) return null;
  return (
    <span className="ml-2 rounded bg-violet-50 px-1.5 py-0.5 text-xs font-medium text-violet-900 ring-1 ring-violet-200">
      <Term k="inferred">inferred by {by}</Term>
    </span>
  );
}

export function TooSmall() {
  return (
    <span className="text-xs text-muted">
      <Term k="tooSmall" />
    </span>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-muted">{children}</p>;
}
