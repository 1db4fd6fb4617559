import type { GroupPerformanceResult } from "../group-performance";
import { GROUP_GAP_HIGH, GROUP_GAP_MEDIUM } from "../thresholds";
import { attributeText, countText, inferredCaveat, interval, meta, NO_DECISIONS, num } from "./format";
import { lowerBoundSeverity } from "./severity";
import type { BiasWarning } from "./types";

export function groupPerformanceWarnings(r: GroupPerformanceResult): BiasWarning[] {
  const out: BiasWarning[] = [];
  for (const g of r.groups.filter((x) => x.tooSmall)) {
    out.push({
      ...meta(r),
      kind: "too-small",
      severity: "info",
      metric: "group size",
      value: g.accuracy.n,
      interval: null,
      counts: `accuracy ${countText(g.accuracy)}`,
      group: g.group,
      dataset: "target",
      rule: `groups with fewer than ${r.minGroupSize} members are reported, never judged`,
      message:
        `Group "${g.group}" of ${attributeText(r)} has ${g.accuracy.n} target sample(s), fewer than ${r.minGroupSize}: ` +
        "its accuracy is shown but too uncertain to judge." +
        inferredCaveat(r),
      mitigation: `Collect more target examples of "${g.group}" to evaluate the model on it.`,
    });
  }
  if (r.gap) {
    const best = r.groups.find((g) => g.group === r.gap!.best)!;
    const worst = r.groups.find((g) => g.group === r.gap!.worst)!;
    const severity = lowerBoundSeverity(r.gap.lower ?? 0, GROUP_GAP_MEDIUM, GROUP_GAP_HIGH);
    out.push({
      ...meta(r),
      kind: "group-performance",
      severity,
      metric: "worst-group accuracy gap (best − worst group, linear probe on the target)",
      value: r.gap.estimate,
      interval: { lower: r.gap.lower, upper: r.gap.upper },
      counts: `"${best.group}" ${countText(best.accuracy)} correct; "${worst.group}" ${countText(worst.accuracy)} correct`,
      group: worst.group,
      dataset: "target",
      rule: `gap's lower 95 % bound > ${GROUP_GAP_MEDIUM} (medium) or > ${GROUP_GAP_HIGH} (high); conventions`,
      message:
        `After transfer, the linear probe is right for ${countText(best.accuracy)} of "${best.group}" but ${countText(worst.accuracy)} ` +
        `of "${worst.group}" (${attributeText(r)}): a gap of ${num(r.gap.estimate)} (${interval(r.gap.lower, r.gap.upper)}).` +
        inferredCaveat(r),
      mitigation:
        severity === "info"
          ? "No action needed on this number alone; keep reporting per-group accuracy."
          : `Collect or up-weight target examples of "${worst.group}", try another layer or fine-tuning, and report per-group accuracy. ${NO_DECISIONS}`,
    });
  }
  return out;
}
