/**
 * Seeded, stratified percentile bootstrap (Efron & Tibshirani 1993, "An Introduction to the
 * Bootstrap", ch. 13). Resampling is done within each stratum (class or group) so every resample
 * keeps the stratum sizes: balanced accuracy and per-group accuracies are then always defined and
 * their intervals describe sampling variation of the samples, not of the group sizes.
 */
import { createRng } from "@/lib/metrics/stats/rng";

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  resamples?: number;
  seed?: number;
  confidence?: number;
}

/** Type-7 (linear interpolation) quantile of sorted values, as R's default `quantile`. */
export function quantileSorted(sorted: ArrayLike<number>, prob: number): number {
  if (sorted.length === 0) throw new Error("quantileSorted: no values");
  const h = (sorted.length - 1) * prob;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Percentile interval of `statistic` over resamples. `strata[i]` is sample i's stratum (≥ 0); each
 * resample draws, for every stratum, as many indices as it has, with replacement from it.
 */
export function stratifiedBootstrap(
  strata: Int32Array,
  statistic: (indices: Int32Array) => number,
  options: BootstrapOptions = {},
): { lower: number; upper: number; resamples: number; seed: number } {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 100) {
    throw new Error(`resamples: must be an integer >= 100 for a percentile interval, got ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1))
    throw new Error(`confidence: must be in (0, 1), got ${confidence}`);
  const members = new Map<number, number[]>();
  strata.forEach((s, i) => {
    if (s < 0) throw new Error(`strata[${i}]: must be >= 0, got ${s}`);
    const m = members.get(s);
    if (m) m.push(i);
    else members.set(s, [i]);
  });
  if (members.size === 0) throw new Error("strata: no samples to resample");
  const rng = createRng(seed);
  const groups = [...members.values()];
  const idx = new Int32Array(strata.length);
  const values = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let k = 0;
    for (const g of groups) for (let j = 0; j < g.length; j++) idx[k++] = g[rng.int(g.length)]!;
    values[b] = statistic(idx);
  }
  values.sort();
  const tail = (1 - confidence) / 2;
  return { lower: quantileSorted(values, tail), upper: quantileSorted(values, 1 - tail), resamples, seed };
}
