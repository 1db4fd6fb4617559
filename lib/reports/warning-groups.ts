/**
 * Bias warnings grouped for reading. The bias stage stores one warning per finding, so a single
 * attribute can raise dozens (the text demo: one per label × party cell). A reviewer reads one
 * entry per (kind, attribute, dataset) — and per layer for leakage, where each layer is its own
 * question — with the count, the most severe severity and the worst cells with their numbers;
 * every member stays in `Report.warnings` (review, JSON export) and is listed under its group.
 *
 * The grouping reads the warning's stored `code`, `${kind}:${attribute}[:group][:label][:layer][:dataset]`
 * (lib/audits/stages/bias.ts): the kind is its first segment, the attribute the longest known
 * attribute name that follows, the dataset its last segment when that is "source" or "target",
 * the layer the evidence's. Nothing is computed but grouping and ordering.
 */
import type { Severity } from "@/db/schema";
import type { ReportWarning } from "./assemble";

/** Cells listed by name in a group's summary; the rest are behind the group's disclosure. */
export const WORST_SHOWN = 3;

export interface WarningGroupCell {
  id: number;
  severity: Severity;
  title: string;
  metric: string | null;
  value: number | null;
  low: number | null;
  high: number | null;
  /** The counts behind the number, as the warning's evidence states them. */
  counts: string | null;
}

export interface WarningGroup {
  /** `kind|attribute|dataset|layer`, stable across renders. */
  key: string;
  kind: string;
  attribute: string | null;
  dataset: string | null;
  layer: string | null;
  /** The most severe member's. */
  severity: Severity;
  title: string;
  size: number;
  severityCounts: Record<Severity, number>;
  reviewCounts: Record<string, number>;
  worst: WarningGroupCell[];
  /** Every member, worst first. */
  warningIds: number[];
}

export interface GroupingContext {
  /** Attribute names the audit knows (findings, dataset columns), to cut them out of codes. */
  attributes: readonly string[];
  datasetNames: { source?: string | null; target?: string | null };
}

const RANK: Record<Severity, number> = { info: 0, medium: 1, high: 2 };
/** Kinds whose value is a ratio with 1 as "no effect": strength is |ln value|. */
const RATIO_KINDS = new Set(["co-occurrence", "fairness", "representation"]);

interface Parsed {
  kind: string;
  attribute: string | null;
  dataset: string | null;
}

export function parseBiasCode(code: string, attributes: readonly string[]): Parsed {
  const colon = code.indexOf(":");
  if (colon < 0) return { kind: code, attribute: null, dataset: null };
  const kind = code.slice(0, colon);
  const rest = code.slice(colon + 1);
  const known = [...attributes]
    .filter((a) => rest === a || rest.startsWith(`${a}:`))
    .sort((a, b) => b.length - a.length)[0];
  const attribute = known ?? rest.split(":")[0] ?? null;
  const tail = rest.slice(attribute?.length ?? 0);
  const last = tail.split(":").pop() ?? "";
  const dataset =
    last === "source" || last === "target" ? last : kind === "dataset-card" && last ? last : null;
  return { kind, attribute, dataset };
}

function strength(kind: string, value: number | null): number {
  if (value === null || !Number.isFinite(value)) return 0;
  if (RATIO_KINDS.has(kind)) return value > 0 ? Math.abs(Math.log(value)) : Number.POSITIVE_INFINITY;
  // A smaller group is the more striking "too small"; elsewhere a larger value is worse.
  return kind === "too-small" ? -value : value;
}

function countsOf(w: ReportWarning): string | null {
  const note = w.evidence?.note;
  if (!note) return null;
  return note.split("; rule: ")[0] ?? null;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

export function groupTitle(
  g: Pick<WarningGroup, "kind" | "attribute" | "dataset" | "layer" | "size" | "severity">,
  names: GroupingContext["datasetNames"],
  fallback: string,
): string {
  const attr = `"${g.attribute}"`;
  const named = (d: string | null) =>
    d === "source" || d === "target" ? `the ${d}${names[d] ? ` “${names[d]}”` : ""}` : null;
  const where = named(g.dataset) ? ` in ${named(g.dataset)}` : "";
  switch (g.kind) {
    case "co-occurrence":
      return `Labels tied to ${attr} groups${where}: ${plural(g.size, "label × group cell")}`;
    case "fairness":
      return `Favourable-label rates differ between ${attr} groups${where}: ${plural(g.size, "comparison")}`;
    case "representation":
      return `${attr} groups under- or over-represented${where}: ${plural(g.size, "group")}`;
    case "leakage":
      return `${attr} ${g.severity === "info" ? "not recovered beyond chance" : "recoverable"} from the features of ${named(g.dataset) ?? "the data"} at layer "${g.layer}"`;
    case "group-performance":
      return `Accuracy gap between ${attr} groups${where}${g.layer ? ` at layer "${g.layer}"` : ""}`;
    case "too-small":
      return `${plural(g.size, `${attr} group`)} too small to judge${where}`;
    case "distribution-shift":
      return `${attr} groups distributed differently in the source and the target`;
    case "test-validity":
      return `${attr}: the source-vs-target test rests on small expected counts`;
    case "dataset-card":
      return `Documented skew of the source dataset "${g.dataset}": ${attr}`;
    default:
      return fallback;
  }
}

/** The bias warnings of a report (category "bias"), grouped; most severe group first, then largest. */
export function groupBiasWarnings(warnings: readonly ReportWarning[], ctx: GroupingContext): WarningGroup[] {
  const groups = new Map<string, { parsed: Parsed; layer: string | null; members: ReportWarning[] }>();
  for (const w of warnings) {
    if (w.category !== "bias") continue;
    const parsed = parseBiasCode(w.code, ctx.attributes);
    const layer = parsed.kind === "leakage" ? (w.evidence?.layer ?? null) : null;
    // A code that names no known kind keeps its warning on its own.
    const key =
      parsed.attribute === null
        ? `#${w.id}`
        : [parsed.kind, parsed.attribute, parsed.dataset, layer].join("|");
    const g = groups.get(key) ?? { parsed, layer, members: [] };
    g.members.push(w);
    groups.set(key, g);
  }
  const out: WarningGroup[] = [];
  for (const [key, { parsed, layer, members }] of groups) {
    const sorted = members
      .map((w, i) => ({ w, i, s: strength(parsed.kind, w.evidence?.value ?? null) }))
      .sort((a, b) => RANK[b.w.severity] - RANK[a.w.severity] || b.s - a.s || a.i - b.i)
      .map((x) => x.w);
    const severityCounts: Record<Severity, number> = { high: 0, medium: 0, info: 0 };
    const reviewCounts: Record<string, number> = {};
    for (const w of sorted) {
      severityCounts[w.severity] += 1;
      reviewCounts[w.reviewState] = (reviewCounts[w.reviewState] ?? 0) + 1;
    }
    const severity = sorted[0]!.severity;
    const g = {
      kind: parsed.kind,
      attribute: parsed.attribute,
      dataset: parsed.dataset,
      layer,
      size: sorted.length,
      severity,
    };
    out.push({
      key,
      ...g,
      title: groupTitle(g, ctx.datasetNames, sorted[0]!.title),
      severityCounts,
      reviewCounts,
      worst: sorted.slice(0, WORST_SHOWN).map((w) => ({
        id: w.id,
        severity: w.severity,
        title: w.title,
        metric: w.evidence?.metric ?? null,
        value: w.evidence?.value ?? null,
        low: w.evidence?.low ?? null,
        high: w.evidence?.high ?? null,
        counts: countsOf(w),
      })),
      warningIds: sorted.map((w) => w.id),
    });
  }
  return out
    .map((g, i) => ({ g, i }))
    .sort((a, b) => RANK[b.g.severity] - RANK[a.g.severity] || b.g.size - a.g.size || a.i - b.i)
    .map((x) => x.g);
}
