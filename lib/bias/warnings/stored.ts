/**
 * A warning as the bias stage stores it (a `warnings` row of category "bias"): a code naming what
 * it is about, the title (title.ts), the sentence, the mitigation and the evidence. The report
 * groups rows by their code (lib/reports/warning-groups.ts), so the code's layout is a contract:
 * `${kind}:${attribute}[:${group}][:${label}][:${layer}][:${dataset}]`.
 */
import { warningTitle } from "./title";
import type { BiasWarning, Severity } from "./types";

export interface StoredBiasWarning {
  severity: Severity;
  code: string;
  title: string;
  message: string;
  mitigation: string;
  evidence: {
    metric: string;
    value: number | null;
    low: number | null;
    high: number | null;
    layer: string | null;
    note: string;
  };
}

export function warningCode(w: BiasWarning): string {
  return [w.kind, w.attribute, w.group, w.label, w.layer, w.dataset]
    .filter((x): x is string => x !== undefined && x !== "")
    .join(":");
}

export function storedWarning(w: BiasWarning): StoredBiasWarning {
  return {
    severity: w.severity,
    code: warningCode(w),
    title: warningTitle(w),
    message: w.message,
    mitigation: w.mitigation,
    evidence: {
      metric: w.metric,
      value: w.value,
      low: w.interval?.lower ?? null,
      high: w.interval?.upper ?? null,
      layer: w.layer ?? null,
      note: `${w.counts}${w.inferredBy ? `; attribute inferred by ${w.inferredBy}` : ""}; rule: ${w.rule}`,
    },
  };
}
