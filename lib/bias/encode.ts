/**
 * Turns an attribute into class indices for a classifier, keeping only samples with a value whose
 * group reaches the minimum size (smaller groups cannot be judged and would leave folds empty).
 */
import { countGroups, orderedGroups } from "./groups";
import type { AttributeValues } from "./types";

export interface EncodedAttribute {
  /** Row indices (into the original samples) that are kept. */
  rows: Int32Array;
  /** Class index per kept row. */
  y: Int32Array;
  /** Group name per class index. */
  classes: string[];
  /** Groups left out as too small, with their counts. */
  excluded: Array<{ group: string; count: number }>;
  missing: number;
}

export function encodeAttribute(
  values: AttributeValues,
  minGroupSize: number,
  field: string,
): EncodedAttribute {
  const counts = countGroups(values, field);
  const all = orderedGroups(counts.counts);
  const classes = all.filter((g) => counts.counts.get(g)! >= minGroupSize);
  const excluded = all
    .filter((g) => counts.counts.get(g)! < minGroupSize)
    .map((g) => ({ group: g, count: counts.counts.get(g)! }));
  const index = new Map(classes.map((g, i) => [g, i]));
  const rows: number[] = [];
  const y: number[] = [];
  values.forEach((v, i) => {
    const c = v === null ? undefined : index.get(v);
    if (c !== undefined) {
      rows.push(i);
      y.push(c);
    }
  });
  return { rows: Int32Array.from(rows), y: Int32Array.from(y), classes, excluded, missing: counts.missing };
}
