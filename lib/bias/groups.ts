/**
 * Counting categorical attribute values: missing values are counted apart, never as a group; and
 * intersections of two attributes (e.g. gender × skin tone) as a new attribute.
 */
import { wilsonInterval } from "@/lib/metrics/stats/wilson";
import type { AttributeMeta, AttributeValues, CountShare } from "./types";

export interface GroupCounts {
  /** Count per group, in first-seen order. */
  counts: Map<string, number>;
  /** Samples with a value (excludes missing). */
  n: number;
  missing: number;
}

export function countGroups(values: AttributeValues, field: string): GroupCounts {
  if (!Array.isArray(values)) throw new Error(`${field}: expected an array of values`);
  const counts = new Map<string, number>();
  let missing = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined) {
      missing++;
      return;
    }
    if (typeof v !== "string") throw new Error(`${field}[${i}]: expected a string or null, got ${typeof v}`);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  });
  return { counts, n: values.length - missing, missing };
}

/** Count with share and Wilson interval; share is 0 with interval [0, 0] when n = 0. */
export function countShare(count: number, n: number): CountShare {
  if (n === 0) return { count, n, share: 0, lower: 0, upper: 0 };
  const ci = wilsonInterval(count, n);
  return { count, n, share: ci.estimate, lower: ci.lower, upper: ci.upper };
}

/** Groups in a stable order: by descending total count, then by name. */
export function orderedGroups(...maps: ReadonlyArray<Map<string, number>>): string[] {
  const totals = new Map<string, number>();
  for (const m of maps) for (const [g, c] of m) totals.set(g, (totals.get(g) ?? 0) + c);
  return [...totals.keys()].sort((a, b) => totals.get(b)! - totals.get(a)! || a.localeCompare(b));
}

export interface NamedAttribute extends AttributeMeta {
  values: AttributeValues;
}

export const INTERSECTION_SEPARATOR = " × ";

/**
 * The intersection of two attributes as one attribute ("woman × darker"): missing when either part
 * is missing. Inferred when either part is (both model names are kept).
 */
export function intersectAttributes(a: NamedAttribute, b: NamedAttribute): NamedAttribute {
  if (a.values.length !== b.values.length) {
    throw new Error(
      `intersectAttributes: "${a.attribute}" has ${a.values.length} values but "${b.attribute}" has ${b.values.length}`,
    );
  }
  const values = a.values.map((v, i) => {
    const w = b.values[i];
    return v === null || w === null || w === undefined ? null : `${v}${INTERSECTION_SEPARATOR}${w}`;
  });
  const inferred = [a.inferredBy, b.inferredBy].filter((s): s is string => Boolean(s));
  return {
    attribute: `${a.attribute}${INTERSECTION_SEPARATOR}${b.attribute}`,
    values,
    ...(inferred.length > 0 ? { inferredBy: [...new Set(inferred)].join(" and ") } : {}),
  };
}

/** Throws unless the minimum group size is a positive integer. */
export function checkMinGroupSize(min: number): number {
  if (!Number.isInteger(min) || min < 1)
    throw new Error(`minGroupSize: must be a positive integer, got ${min}`);
  return min;
}
