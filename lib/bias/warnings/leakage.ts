import type { LeakageResult } from "../leakage";
import { LEAKAGE_MARGIN_HIGH } from "../thresholds";
import { attributeText, inferredCaveat, interval, meta, NO_DECISIONS, num } from "./format";
import { lowerBoundSeverity } from "./severity";
import type { BiasWarning } from "./types";

export function leakageWarnings(r: LeakageResult): BiasWarning[] {
  const out: BiasWarning[] = [];
  for (const side of ["source", "target"] as const) {
    for (const g of r.excluded[side]) {
      out.push({
        ...meta(r),
        kind: "too-small",
        severity: "info",
        metric: "group size",
        value: g.count,
        interval: null,
        counts: `${g.count} sample(s)`,
        group: g.group,
        dataset: side,
        rule: `groups with fewer than ${r.minGroupSize} members are left out of the leakage probe, never judged`,
        message:
          `Group "${g.group}" of ${attributeText(r)} has ${g.count} sample(s) in the ${side}, fewer than ${r.minGroupSize}: ` +
          "left out of the leakage measurement as too small to judge." +
          inferredCaveat(r),
        mitigation: `Collect more examples of "${g.group}" to measure whether the features encode it.`,
      });
    }
  }
  for (const l of r.layers) {
    for (const side of ["source", "target"] as const) {
      const s = l[side];
      if (!s) continue;
      const severity = lowerBoundSeverity(s.marginLower, 0, LEAKAGE_MARGIN_HIGH);
      const least = r.summary[side]?.least;
      out.push({
        ...meta(r),
        kind: "leakage",
        severity,
        metric: "balanced accuracy of predicting the attribute from the features (cross-validated)",
        value: s.balancedAccuracy,
        interval: { lower: s.lower, upper: s.upper },
        counts: `${s.n} samples in ${s.groups.length} groups (${s.groups.join(", ")}), ${s.folds}-fold`,
        layer: l.layer,
        dataset: side,
        rule: `margin over chance (1/C) with lower 95 % bound > 0 (medium) or > ${LEAKAGE_MARGIN_HIGH} (high)`,
        message:
          `At layer "${l.layer}", a linear classifier recovers ${attributeText(r)} from the ${side} features with balanced ` +
          `accuracy ${num(s.balancedAccuracy)} (${interval(s.lower, s.upper)}), against ${num(s.baseline)} for a constant guess: ` +
          `a margin of ${num(s.margin)} (${interval(s.marginLower, s.marginUpper)}). ` +
          (severity === "info"
            ? "No evidence that this layer encodes the attribute beyond chance."
            : "The features encode the attribute, so a model built on them can use it even if the labels are balanced (Wang et al. 2019).") +
          inferredCaveat(r),
        mitigation:
          severity === "info"
            ? "No action needed on this number alone."
            : (least && least !== l.layer ? `Consider layer "${least}", which leaks least here; ` : "") +
              `evaluate per group and test with the attribute's groups swapped or balanced. ${NO_DECISIONS}`,
      });
    }
  }
  return out;
}
