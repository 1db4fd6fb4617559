import type { LabelAttributeResult } from "../label-attribute";
import {
  COOCCURRENCE_RATIO_HIGH,
  COOCCURRENCE_RATIO_LOW,
  COOCCURRENCE_RATIO_STRONG,
  DI_FOUR_FIFTHS,
  DI_UPPER,
  SPD_FAIR_RANGE,
} from "../thresholds";
import { attributeText, countText, inferredCaveat, interval, meta, NO_DECISIONS, num, pct } from "./format";
import { bandSeverity, maxSeverity } from "./severity";
import type { BiasWarning, Severity } from "./types";

function cooccurrenceSeverity(ratio: number): Severity {
  if (ratio <= 1 / COOCCURRENCE_RATIO_STRONG || ratio >= COOCCURRENCE_RATIO_STRONG) return "high";
  if (ratio < COOCCURRENCE_RATIO_LOW || ratio > COOCCURRENCE_RATIO_HIGH) return "medium";
  return "info";
}

export function labelAttributeWarnings(r: LabelAttributeResult): BiasWarning[] {
  const out: BiasWarning[] = [];
  r.groups.forEach((g, gi) => {
    const total = r.groupTotals[gi]!;
    if (total.count < r.minGroupSize) {
      out.push({
        ...meta(r),
        kind: "too-small",
        severity: "info",
        metric: "group size",
        value: total.count,
        interval: null,
        counts: countText(total),
        group: g,
        dataset: r.dataset,
        rule: `groups with fewer than ${r.minGroupSize} members are reported, never judged`,
        message:
          `Group "${g}" of ${attributeText(r)} has ${total.count} labelled sample(s) in the ${r.dataset}, fewer than ` +
          `${r.minGroupSize}: too small to judge how it co-occurs with "${r.labelName}".` +
          inferredCaveat(r),
        mitigation: `Collect more labelled examples of "${g}" before comparing it with other groups.`,
      });
    }
  });
  for (const c of r.cells) {
    if (!c.significant) continue;
    const severity = cooccurrenceSeverity(c.ratio);
    if (severity === "info") continue;
    const over = c.ratio > 1;
    out.push({
      ...meta(r),
      kind: "co-occurrence",
      severity,
      metric: `share of "${c.group}" within label "${c.label}" / overall share (interval from the within-label Wilson interval)`,
      value: c.ratio,
      interval: {
        lower: c.withinLabel.lower / c.overall.share,
        upper: c.withinLabel.upper / c.overall.share,
      },
      counts: `within "${c.label}": ${countText(c.withinLabel)}; overall: ${countText(c.overall)}`,
      group: c.group,
      label: c.label,
      dataset: r.dataset,
      rule:
        `${r.adjustment === "bh" ? "Benjamini-Hochberg" : "Holm"}-adjusted p < ${r.alpha} and share ratio outside ` +
        `[${COOCCURRENCE_RATIO_LOW}, ${COOCCURRENCE_RATIO_HIGH.toFixed(2)}] (medium) or beyond 1:${COOCCURRENCE_RATIO_STRONG} (high); conventions`,
      message:
        `In the ${r.dataset}, "${c.group}" (${attributeText(r)}) makes up ${countText(c.withinLabel)} of the samples labelled ` +
        `"${c.label}" but ${pct(c.overall.share)} of all labelled samples: ${num(c.ratio)} times its overall share ` +
        `(${c.test?.method === "fisher" ? "Fisher exact" : "chi-square"} test, adjusted p = ${c.pAdjusted!.toPrecision(3)}). ` +
        `A model trained on these labels can learn to associate "${c.label}" with ${over ? "" : "the absence of "}"${c.group}".` +
        inferredCaveat(r),
      mitigation:
        `Re-weight or re-sample so "${c.label}" is not tied to "${c.group}", evaluate "${c.label}" per group, and check ` +
        "for bias amplification (Zhao et al. 2017) in the model's predictions.",
    });
  }
  const f = r.fairness;
  if (f) {
    const priv = f.rates.find((x) => x.group === f.privileged)!;
    for (const c of f.comparisons) {
      const rate = f.rates.find((x) => x.group === c.group)!;
      if (!c.judged) {
        out.push({
          ...meta(r),
          kind: "too-small",
          severity: "info",
          metric: "group size",
          value: Math.min(rate.favourable.n, priv.favourable.n),
          interval: null,
          counts: `"${c.group}": ${countText(rate.favourable)}; "${f.privileged}": ${countText(priv.favourable)}`,
          group: c.group,
          label: f.favourable,
          dataset: r.dataset,
          rule: `groups with fewer than ${r.minGroupSize} members are reported, never judged`,
          message:
            `Favourable-label rates of "${c.group}" vs "${f.privileged}" are not judged: a group has fewer than ${r.minGroupSize} samples.` +
            inferredCaveat(r),
          mitigation: "Collect more labelled examples of the small group.",
        });
        continue;
      }
      const diSeverity = c.di
        ? bandSeverity(c.di.estimate, c.di.lower, c.di.upper, DI_FOUR_FIFTHS, DI_UPPER)
        : "medium";
      const spdSeverity: Severity = Math.abs(c.spd.estimate) > SPD_FAIR_RANGE ? "medium" : "info";
      const severity = maxSeverity(diSeverity, spdSeverity);
      out.push({
        ...meta(r),
        kind: "fairness",
        severity,
        metric: `disparate impact ("${c.group}" vs privileged "${f.privileged}", observed labels)`,
        value: c.di ? c.di.estimate : null,
        interval: c.di ? { lower: c.di.lower, upper: c.di.upper } : null,
        counts: `favourable "${f.favourable}": "${c.group}" ${countText(rate.favourable)}; "${f.privileged}" ${countText(priv.favourable)}`,
        group: c.group,
        label: f.favourable,
        dataset: r.dataset,
        rule:
          `DI outside [${DI_FOUR_FIFTHS}, ${DI_UPPER.toFixed(2)}] (four-fifths rule, 29 CFR 1607.4(D); high when the whole interval is) ` +
          `or |SPD| > ${SPD_FAIR_RANGE} (AIF360 fair range)`,
        message:
          `On the observed labels of the ${r.dataset}, "${c.group}" (${attributeText(r)}) carries the favourable label ` +
          `"${f.favourable}" in ${countText(rate.favourable)}, against ${countText(priv.favourable)} for "${f.privileged}" ` +
          `(${f.privilegedChosenBy === "user" ? "privileged group given by the user" : "the group with the highest rate, taken as privileged"}): ` +
          `disparate impact ${c.di ? `${num(c.di.estimate)} (${interval(c.di.lower, c.di.upper)})` : "undefined"}, ` +
          `statistical parity difference ${num(c.spd.estimate)} (${interval(c.spd.lower, c.spd.upper)}).` +
          (severity === "info"
            ? " Within the four-fifths rule."
            : " Outside the four-fifths rule / AIF360 fair range.") +
          inferredCaveat(r),
        mitigation:
          severity === "info"
            ? "No action needed on this number alone."
            : "The labels themselves differ by group: check whether they record a past decision about people, re-weight " +
              `the data (e.g. Kamiran & Calders 2012 reweighing), and evaluate per group. ${NO_DECISIONS}`,
      });
    }
  }
  return out;
}
