/**
 * `warningsFrom`: every finding of the analyses as a warning with a severity (rules in
 * ../thresholds.ts), the number and its interval, the counts, a sentence and a mitigation.
 * Sorted high → medium → info, stable within a severity.
 */
import type { DatasetCard } from "../cards";
import type { GroupPerformanceResult } from "../group-performance";
import type { LabelAttributeResult } from "../label-attribute";
import type { LeakageResult } from "../leakage";
import type { RepresentationResult } from "../representation";
import { cardWarnings } from "./card";
import { groupPerformanceWarnings } from "./group-performance";
import { labelAttributeWarnings } from "./label-attribute";
import { leakageWarnings } from "./leakage";
import { representationWarnings } from "./representation";
import type { BiasWarning } from "./types";

export { type StoredBiasWarning, storedWarning, warningCode } from "./stored";
export { warningTitle } from "./title";
export type { BiasWarning, Severity, WarningKind } from "./types";

type OneOrMany<T> = T | ReadonlyArray<T>;

export interface WarningsInput {
  representation?: OneOrMany<RepresentationResult>;
  labelAttribute?: OneOrMany<LabelAttributeResult>;
  leakage?: OneOrMany<LeakageResult>;
  groupPerformance?: OneOrMany<GroupPerformanceResult>;
  cards?: OneOrMany<DatasetCard>;
}

function many<T>(x: OneOrMany<T> | undefined): ReadonlyArray<T> {
  if (x === undefined) return [];
  return Array.isArray(x) ? (x as ReadonlyArray<T>) : [x as T];
}

const ORDER = { high: 0, medium: 1, info: 2 } as const;

export function warningsFrom(input: WarningsInput): BiasWarning[] {
  const all = [
    ...many(input.representation).flatMap(representationWarnings),
    ...many(input.labelAttribute).flatMap(labelAttributeWarnings),
    ...many(input.leakage).flatMap(leakageWarnings),
    ...many(input.groupPerformance).flatMap(groupPerformanceWarnings),
    ...many(input.cards).flatMap(cardWarnings),
  ];
  return all
    .map((w, i) => ({ w, i }))
    .sort((a, b) => ORDER[a.w.severity] - ORDER[b.w.severity] || a.i - b.i)
    .map((x) => x.w);
}
