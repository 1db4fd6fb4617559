/**
 * Black-box shift detection (BBSD; Lipton, Wang & Smola 2018, used as "BBSDs" in Rabanser,
 * Günnemann & Lipton, "Failing Loudly", NeurIPS 2019): the source model's softmax outputs serve as
 * a k-dimensional representation; each class column is tested with the two-sample KS test and the
 * k p-values are Bonferroni-combined.
 */
import type { Matrix } from "@/lib/metrics/matrix";
import { ksBonferroni, type MultiKsResult } from "./multi-ks";
import { checkPair } from "./validate";

/** Tolerance on the softmax rows: entries in [-tol, 1 + tol] and row sums within tol of 1. */
const PROB_TOL = 1e-3;

function checkProbabilities(p: Matrix, name: string): void {
  for (let i = 0; i < p.rows; i++) {
    let sum = 0;
    for (let j = 0; j < p.cols; j++) {
      const v = p.data[i * p.cols + j]!;
      if (v < -PROB_TOL || v > 1 + PROB_TOL) {
        throw new Error(`bbsd: ${name} row ${i}, class ${j} is ${v}, not a probability`);
      }
      sum += v;
    }
    if (Math.abs(sum - 1) > PROB_TOL) throw new Error(`bbsd: ${name} row ${i} sums to ${sum}, not 1`);
  }
}

function column(p: Matrix, j: number): Float64Array {
  const out = new Float64Array(p.rows);
  for (let i = 0; i < p.rows; i++) out[i] = p.data[i * p.cols + j]!;
  return out;
}

export function bbsd(sourceProbs: Matrix, targetProbs: Matrix, opts: { alpha?: number } = {}): MultiKsResult {
  checkPair(sourceProbs, targetProbs, "bbsd", ["sourceProbs", "targetProbs"]);
  if (sourceProbs.cols < 2) throw new Error("bbsd: probabilities have a single class; need at least 2");
  checkProbabilities(sourceProbs, "sourceProbs");
  checkProbabilities(targetProbs, "targetProbs");
  const k = sourceProbs.cols;
  const s: Float64Array[] = [];
  const t: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    s.push(column(sourceProbs, j));
    t.push(column(targetProbs, j));
  }
  return ksBonferroni(s, t, opts.alpha ?? 0.05);
}
