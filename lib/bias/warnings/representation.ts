import type { RepresentationGroup, RepresentationResult } from "../representation";
import { ALPHA, REPRESENTATION_RATIO_HIGH, REPRESENTATION_RATIO_LOW, TVD_MARKED } from "../thresholds";
import { attributeText, countText, inferredCaveat, interval, meta, num, pct } from "./format";
import { bandSeverity } from "./severity";
import type { BiasWarning } from "./types";

const RATIO_RULE =
  `representation ratio outside [${REPRESENTATION_RATIO_LOW}, ${REPRESENTATION_RATIO_HIGH.toFixed(2)}] ` +
  "(four-fifths band by analogy; a convention): high when the whole 95 % interval is outside";

function tooSmall(r: RepresentationResult, g: RepresentationGroup): BiasWarning {
  const small = [g.source.tooSmall ? "source" : null, g.target.tooSmall ? "target" : null]
    .filter(Boolean)
    .join(" and ");
  return {
    ...meta(r),
    kind: "too-small",
    severity: "info",
    metric: "group size",
    value: Math.min(g.source.count, g.target.count),
    interval: null,
    counts: `source ${countText(g.source)}; target ${countText(g.target)}`,
    group: g.group,
    rule: `groups with fewer than ${r.minGroupSize} members in a dataset are reported, never judged`,
    message:
      `Group "${g.group}" of ${attributeText(r)} has ${g.source.count} member(s) in the source and ${g.target.count} in the ` +
      `target, fewer than the minimum of ${r.minGroupSize} in the ${small}: too small to judge its representation there.` +
      inferredCaveat(r),
    mitigation: `Collect more examples of "${g.group}" before drawing any conclusion about it; report its counts as they are.`,
  };
}

function ratioWarning(
  r: RepresentationResult,
  g: RepresentationGroup,
  dataset: "source" | "target",
): BiasWarning | null {
  const ratio = dataset === "source" ? g.ratio : g.targetRatio;
  if (!ratio) return null;
  const share = dataset === "source" ? g.source : g.target;
  const severity = bandSeverity(
    ratio.estimate,
    ratio.lower,
    ratio.upper,
    REPRESENTATION_RATIO_LOW,
    REPRESENTATION_RATIO_HIGH,
  );
  const under = ratio.estimate < 1;
  const against =
    r.referenceName === "target"
      ? `the target, where it is ${countText(g.target)}`
      : `${r.referenceName} (${pct(g.referenceShare)})`;
  const verdict =
    severity === "info"
      ? "within the four-fifths band."
      : `${under ? "under" : "over"}-represented relative to the reference${severity === "medium" ? ", though the interval does not rule out a ratio inside the band" : ""}.`;
  return {
    ...meta(r),
    kind: "representation",
    severity,
    metric: `representation ratio (${dataset} share / ${r.referenceName} share)`,
    value: ratio.estimate,
    interval: { lower: ratio.lower, upper: ratio.upper },
    counts: `${dataset} ${countText(share)}; reference ${r.referenceName} ${pct(g.referenceShare)}`,
    group: g.group,
    dataset,
    rule: RATIO_RULE,
    message:
      `Group "${g.group}" of ${attributeText(r)} makes up ${countText(share)} of the ${dataset}, against ${against}: ` +
      `a representation ratio of ${num(ratio.estimate)} (${interval(ratio.lower, ratio.upper)}), ${verdict}` +
      inferredCaveat(r),
    mitigation: under
      ? `Collect or up-weight examples of "${g.group}" in the ${dataset}, and evaluate the transferred model on "${g.group}" separately before relying on it.`
      : `Check that the other groups are not under-served: re-weight the ${dataset} or evaluate each group separately.`,
  };
}

export function representationWarnings(r: RepresentationResult): BiasWarning[] {
  const out: BiasWarning[] = [];
  const shift = r.test !== null && r.test.pValue < ALPHA && r.tvd > TVD_MARKED;
  out.push({
    ...meta(r),
    kind: "distribution-shift",
    severity: shift ? "medium" : "info",
    metric: "total variation distance (source vs target group shares)",
    value: r.tvd,
    interval: null,
    counts: `source n = ${r.source.n} (${r.source.missing} missing), target n = ${r.target.n} (${r.target.missing} missing)`,
    rule: `TVD > ${TVD_MARKED} with a homogeneity test p < ${ALPHA} (a convention)`,
    message:
      `The groups of ${attributeText(r)} are distributed differently in the source and the target: total variation ` +
      `distance ${num(r.tvd, 3)}, Jensen-Shannon divergence ${num(r.js, 3)} bits` +
      (r.test
        ? `, ${r.test.method === "fisher-2x2" ? "Fisher exact" : "chi-square"} test p = ${r.test.pValue.toPrecision(3)}.`
        : " (no test: fewer than 2 groups).") +
      ` Missing values (not counted as a group): ${r.source.missing} in the source, ${r.target.missing} in the target.` +
      inferredCaveat(r),
    mitigation: shift
      ? "Features learned on the source may serve the target's groups unevenly: evaluate per group on the target and consider re-weighting."
      : "No action needed on this number alone; look at the per-group ratios.",
  });
  if (r.test?.warning) {
    out.push({
      ...meta(r),
      kind: "test-validity",
      severity: "info",
      metric: "minimum expected count",
      value: r.test.minExpected,
      interval: null,
      counts: `${r.test.cellsBelow5} cell(s) with expected count below 5`,
      rule: "Cochran (1954): chi-square needs expected counts of at least 5",
      message: r.test.warning,
      mitigation: "Merge small groups or collect more data before reading the p-value.",
    });
  }
  for (const g of r.groups) {
    const usable = r.referenceName === "target" ? g.judged : g.judged || g.targetJudged;
    if (g.source.tooSmall || g.target.tooSmall) out.push(tooSmall(r, g));
    if (!usable) continue;
    if (g.judged) {
      const w = ratioWarning(r, g, "source");
      if (w) out.push(w);
    }
    if (g.targetJudged) {
      const w = ratioWarning(r, g, "target");
      if (w) out.push(w);
    }
  }
  return out;
}
