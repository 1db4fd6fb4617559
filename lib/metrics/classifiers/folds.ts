/**
 * Seeded stratified k-fold assignment: each class's samples are shuffled with the seed and dealt
 * round-robin over the folds, continuing the deal where the previous class stopped, so every fold
 * holds each class in proportion (within one sample) and the fold sizes differ by at most one.
 */
import { createRng, permutation } from "@/lib/metrics/stats/rng";

/** Returns the fold index (0..folds-1) of every sample. */
export function stratifiedFolds(y: Int32Array, classes: number, folds: number, seed: number): Int32Array {
  const n = y.length;
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds: expected an integer >= 2, got ${folds}`);
  if (folds > n) throw new Error(`folds: ${folds} folds for ${n} samples; need at least one sample per fold`);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < n; i++) byClass[y[i]!]!.push(i);
  const rng = createRng(seed);
  const fold = new Int32Array(n);
  let next = 0;
  for (const members of byClass) {
    const order = permutation(members.length, rng);
    for (let k = 0; k < members.length; k++) {
      fold[members[order[k]!]!] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}

/** Indices of the samples in and out of one fold. */
export function splitFold(fold: Int32Array, f: number): { train: Int32Array; test: Int32Array } {
  let nTest = 0;
  for (let i = 0; i < fold.length; i++) if (fold[i] === f) nTest++;
  const test = new Int32Array(nTest);
  const train = new Int32Array(fold.length - nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < fold.length; i++) {
    if (fold[i] === f) test[a++] = i;
    else train[b++] = i;
  }
  return { train, test };
}
