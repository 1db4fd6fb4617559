/**
 * Monte-Carlo permutation p-values and a summary of the permutation null.
 *
 * p = (1 + #{b : T_b >= T_obs}) / (1 + B): counting the observed labelling as one of the
 * permutations makes the test exact (P(p <= alpha) <= alpha under exchangeability) and the p-value
 * never 0 (Phipson & Smyth 2010, "Permutation P-values should never be zero", Stat. Appl. Genet.
 * Mol. Biol. 9(1); Davison & Hinkley 1997, "Bootstrap Methods and their Application", ch. 4).
 */
import { quantileSorted } from "@/lib/metrics/stats/bootstrap";

/** One-sided (large values are extreme) permutation p-value. */
export function permutationPValue(observed: number, nullStats: ArrayLike<number>): number {
  if (!Number.isFinite(observed)) throw new Error(`permutationPValue: observed statistic is ${observed}`);
  const B = nullStats.length;
  if (B < 1) throw new Error("permutationPValue: no permutation statistics");
  let exceed = 0;
  for (let b = 0; b < B; b++) {
    const t = nullStats[b]!;
    if (!Number.isFinite(t)) throw new Error(`permutationPValue: permutation statistic ${b} is ${t}`);
    if (t >= observed) exceed++;
  }
  return (1 + exceed) / (1 + B);
}

export interface NullSummary {
  mean: number;
  /** Sample standard deviation (divides by B - 1; 0 when B = 1). */
  sd: number;
  /** 95th percentile (type-7 quantile). */
  quantile95: number;
}

/** Mean, standard deviation and 95th percentile of the permutation statistics. */
export function summarizeNull(nullStats: ArrayLike<number>): NullSummary {
  const B = nullStats.length;
  if (B < 1) throw new Error("summarizeNull: no permutation statistics");
  let mean = 0;
  for (let b = 0; b < B; b++) mean += nullStats[b]!;
  mean /= B;
  let ss = 0;
  for (let b = 0; b < B; b++) ss += (nullStats[b]! - mean) ** 2;
  const sorted = Float64Array.from(nullStats as ArrayLike<number>).sort();
  return { mean, sd: B > 1 ? Math.sqrt(ss / (B - 1)) : 0, quantile95: quantileSorted(sorted, 0.95) };
}
