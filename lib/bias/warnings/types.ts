import type { AttributeMeta } from "../types";

export type Severity = "info" | "medium" | "high";

export type WarningKind =
  | "representation"
  | "distribution-shift"
  | "test-validity"
  | "co-occurrence"
  | "fairness"
  | "leakage"
  | "group-performance"
  | "too-small"
  | "dataset-card";

/** One finding, ready for a reviewer: the number, its interval and counts, a sentence and a mitigation. */
export interface BiasWarning extends AttributeMeta {
  kind: WarningKind;
  severity: Severity;
  /** What the number is, e.g. "disparate impact (female vs male)". */
  metric: string;
  value: number | null;
  /** 95 % interval of `value`; a bound is null where undefined. */
  interval: { lower: number | null; upper: number | null } | null;
  /** The counts behind the number, in words. */
  counts: string;
  group?: string;
  label?: string;
  layer?: string;
  dataset?: string;
  /** The rule from thresholds.ts that set the severity. */
  rule: string;
  /** Plain-language sentence for a reviewer. */
  message: string;
  mitigation: string;
}
