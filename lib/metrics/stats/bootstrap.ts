/**
 * Seeded percentile bootstrap confidence intervals (Efron & Tibshirani, "An Introduction to the
 * Bootstrap", 1993, ch. 13): resample the rows of each sample with replacement B times, recompute
 * the statistic, and take the (1-level)/2 and (1+level)/2 quantiles of the B replicates. Two-sample
 * statistics resample each sample independently (the two-sample setting of their ch. 8), keeping the sizes.
 */

import type { Matrix } from "@/lib/metrics/matrix";
import { takeRows } from "@/lib/metrics/matrix";
import { createRng, type Rng } from "@/lib/metrics/stats/rng";

export interface BootstrapOptions {
  /** Number of bootstrap replicates (default 1000). */
  B?: number;
  /** Seed of the resampling RNG (default 1). */
  seed?: number;
  /** Coverage of the interval, in (0, 1) (default 0.95). */
  level?: number;
}

export interface BootstrapResult {
  /** The statistic on the original sample(s). */
  estimate: number;
  low: number;
  high: number;
  level: number;
  B: number;
  seed: number;
}

/**
 * Quantile q of ascending-sorted values by linear interpolation between order statistics
 * (Hyndman & Fan 1996 definition 7, the default of R and numpy): h = (len - 1) q.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const len = sorted.length;
  if (len === 0) throw new Error("quantileSorted: no values");
  if (!(q >= 0 && q <= 1)) throw new Error(`quantileSorted: q must be in [0, 1], got ${q}`);
  const h = (len - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, len - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function resolve(opts: BootstrapOptions): { B: number; seed: number; level: number } {
  const B = opts.B ?? 1000;
  const seed = opts.seed ?? 1;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(B) || B < 2) throw new Error(`bootstrap: B must be an integer >= 2, got ${B}`);
  if (!Number.isInteger(seed)) throw new Error(`bootstrap: seed must be an integer, got ${seed}`);
  if (!(level > 0 && level < 1)) throw new Error(`bootstrap: level must be in (0, 1), got ${level}`);
  return { B, seed, level };
}

function checkRows(m: Matrix, name: string): void {
  if (m.rows < 2) throw new Error(`bootstrap: ${name} needs at least 2 rows, got ${m.rows}`);
}

function resampleRows(m: Matrix, rng: Rng): Matrix {
  const idx = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) idx[i] = rng.int(m.rows);
  return takeRows(m, idx);
}

function interval(
  estimate: number,
  reps: Float64Array,
  B: number,
  seed: number,
  level: number,
): BootstrapResult {
  for (let b = 0; b < B; b++) {
    if (!Number.isFinite(reps[b]!))
      throw new Error(`bootstrap: statistic returned ${reps[b]} on replicate ${b}`);
  }
  reps.sort();
  const tail = (1 - level) / 2;
  return {
    estimate,
    low: quantileSorted(reps, tail),
    high: quantileSorted(reps, 1 - tail),
    level,
    B,
    seed,
  };
}

/** Percentile bootstrap CI for a statistic of one sample (rows resampled with replacement). */
export function bootstrapCI(
  sample: Matrix,
  statistic: (m: Matrix) => number,
  opts: BootstrapOptions = {},
): BootstrapResult {
  const { B, seed, level } = resolve(opts);
  checkRows(sample, "sample");
  const estimate = statistic(sample);
  if (!Number.isFinite(estimate)) throw new Error(`bootstrap: statistic returned ${estimate} on the sample`);
  const rng = createRng(seed);
  const reps = new Float64Array(B);
  for (let b = 0; b < B; b++) reps[b] = statistic(resampleRows(sample, rng));
  return interval(estimate, reps, B, seed, level);
}

/** Percentile bootstrap CI for a two-sample statistic; each sample is resampled on its own. */
export function bootstrapCI2(
  source: Matrix,
  target: Matrix,
  statistic: (source: Matrix, target: Matrix) => number,
  opts: BootstrapOptions = {},
): BootstrapResult {
  const { B, seed, level } = resolve(opts);
  checkRows(source, "source");
  checkRows(target, "target");
  const estimate = statistic(source, target);
  if (!Number.isFinite(estimate)) throw new Error(`bootstrap: statistic returned ${estimate} on the samples`);
  const rng = createRng(seed);
  const reps = new Float64Array(B);
  for (let b = 0; b < B; b++) reps[b] = statistic(resampleRows(source, rng), resampleRows(target, rng));
  return interval(estimate, reps, B, seed, level);
}
