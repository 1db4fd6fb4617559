import type { ReactNode } from "react";
import type { Report, ReportWarning } from "@/lib/reports/assemble";
import { withInterval } from "@/lib/reports/numbers";
import type { WarningGroup } from "@/lib/reports/warning-groups";
import { SeverityBadge } from "../badges";
import { Empty } from "./ui";
import { WarningItems } from "./warnings";

const BORDER: Record<string, string> = {
  high: "border-l-high",
  medium: "border-l-medium",
  info: "border-l-info",
};

function countsLine(counts: Record<string, number>, order: string[]): string {
  return order
    .filter((k) => (counts[k] ?? 0) > 0)
    .map((k) => `${counts[k]} ${k}`)
    .join(" · ");
}

/**
 * One group of bias warnings (one attribute, one dataset, one kind): its worst cells with their
 * numbers, and every member in full, with its review controls, behind a disclosure.
 */
function Group({
  group,
  members,
  actions,
  print,
}: {
  group: WarningGroup;
  members: ReportWarning[];
  actions?: ((w: ReportWarning) => ReactNode) | undefined;
  print: boolean;
}) {
  // One member: the warning itself is the entry (its title names its cell).
  if (members.length === 1) return <WarningItems warnings={members} actions={actions} />;
  return (
    <div
      data-testid="warning-group"
      className={`avoid-break rounded border-l-4 bg-white p-3 ring-1 ring-slate-200 ${BORDER[group.severity] ?? ""}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <SeverityBadge severity={group.severity} />
        <h4 className="font-medium">{group.title}</h4>
        <span className="ml-auto text-xs text-muted">
          review: {countsLine(group.reviewCounts, ["open", "acknowledged", "mitigated", "blocking"])}
        </span>
      </div>
      <p className="mt-1 text-sm">
        {group.size} warnings: {countsLine(group.severityCounts, ["high", "medium", "info"])}. The most
        striking {Math.min(group.worst.length, group.size)}:
      </p>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
        {group.worst.map((c) => (
          <li key={c.id}>
            <a href={`#warning-${c.id}`} className="hover:underline">
              {c.title}
            </a>{" "}
            <span className="text-xs text-muted">
              ({c.severity}) <span className="num text-ink">{withInterval(c.value, c.low, c.high)}</span>
              {c.counts ? ` · ${c.counts}` : ""}
            </span>
          </li>
        ))}
      </ul>
      <details className="mt-2" open={print} data-testid="warning-group-members">
        <summary className="cursor-pointer text-sm text-accent">
          All {group.size} warnings of this group, each with its sentence, numbers and review
        </summary>
        <div className="mt-3">
          <WarningItems warnings={members} actions={actions} />
        </div>
      </details>
    </div>
  );
}

/**
 * The report's bias warnings, grouped per attribute, dataset and kind (lib/reports/warning-groups.ts):
 * high and medium groups first, informational ones folded under them (open when printing).
 */
export function BiasWarningGroups({
  report,
  actions,
  print = false,
}: {
  report: Report;
  actions?: ((w: ReportWarning) => ReactNode) | undefined;
  print?: boolean;
}) {
  const byId = new Map(report.warnings.map((w) => [w.id, w]));
  const groups = report.warningGroups.map((g) => ({
    group: g,
    members: g.warningIds.map((id) => byId.get(id)).filter((w): w is ReportWarning => w !== undefined),
  }));
  if (groups.length === 0) return <Empty>No bias warnings.</Empty>;
  const main = groups.filter((g) => g.group.severity !== "info");
  const info = groups.filter((g) => g.group.severity === "info");
  const list = (items: typeof groups) => (
    <ul className="space-y-3">
      {items.map(({ group, members }) => (
        <li key={group.key} className="list-none">
          <Group group={group} members={members} actions={actions} print={print} />
        </li>
      ))}
    </ul>
  );
  const infoCount = info.reduce((s, g) => s + g.members.length, 0);
  return (
    <>
      {main.length > 0 ? list(main) : <Empty>No high or medium warnings.</Empty>}
      {info.length > 0 && (
        <details className="mt-3" open={print}>
          <summary className="cursor-pointer text-sm text-accent">
            {infoCount} informational warning{infoCount === 1 ? "" : "s"} (small groups, checks that passed,
            documented facts)
          </summary>
          <div className="mt-3">{list(info)}</div>
        </details>
      )}
    </>
  );
}
