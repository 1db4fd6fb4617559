/**
 * Seeded row sampling for the transferability metrics: a stratified subsample (to cap N) and a
 * stratified bootstrap resample (rows drawn with replacement within each class, so every
 * replicate keeps the class sizes and every class keeps at least its original count).
 */
import { createRng, permutation, type Rng } from "@/lib/metrics/stats/rng";

/** Row indices of each class, ascending. */
export function classMembers(labels: Int32Array, classes: number): Int32Array[] {
  const counts = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  const members = Array.from({ length: classes }, (_, c) => new Int32Array(counts[c]!));
  const fill = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    members[c]![fill[c]!++] = i;
  }
  return members;
}

/**
 * Indices (ascending) of a seeded stratified subsample of about `max` rows: each class keeps
 * round(max * n_c / N) rows, at least 2. Returns null when N <= max (nothing to drop).
 */
export function stratifiedSubsample(
  labels: Int32Array,
  classes: number,
  max: number,
  seed: number,
): Int32Array | null {
  const n = labels.length;
  if (n <= max) return null;
  const rng = createRng(seed);
  const picked: number[] = [];
  for (const idx of classMembers(labels, classes)) {
    const take = Math.min(idx.length, Math.max(2, Math.round((max * idx.length) / n)));
    const order = permutation(idx.length, rng);
    for (let k = 0; k < take; k++) picked.push(idx[order[k]!]!);
  }
  return Int32Array.from(picked).sort();
}

/** One stratified bootstrap replicate: N indices, n_c drawn with replacement from each class c. */
export function stratifiedBootstrap(members: Int32Array[], rng: Rng): Int32Array {
  let n = 0;
  for (const m of members) n += m.length;
  const out = new Int32Array(n);
  let k = 0;
  for (const m of members) for (let t = 0; t < m.length; t++) out[k++] = m[rng.int(m.length)]!;
  return out;
}
