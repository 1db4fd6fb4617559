/**
 * Several univariate two-sample KS tests combined by Bonferroni, the aggregation of "Failing Loudly"
 * (Rabanser, Günnemann & Lipton, NeurIPS 2019): reject when min_i p_i < α / k, reported as
 * the adjusted p-value min(1, k · min_i p_i).
 */
import { type KsMethod, ksTwoSample } from "@/lib/metrics/stats/ks";

export interface UnivariateKs {
  /** Column (principal component or class) index. */
  index: number;
  statistic: number;
  pValue: number;
  method: KsMethod;
}

export interface MultiKsResult {
  tests: UnivariateKs[];
  /** Number of tests k. */
  k: number;
  minPValue: number;
  /** min(1, k · minPValue). */
  bonferroniPValue: number;
  alpha: number;
  /** bonferroniPValue < alpha. */
  rejects: boolean;
  n: number;
  m: number;
}

/** KS test of each source column against the same target column, Bonferroni-combined. */
export function ksBonferroni(
  sourceCols: readonly Float64Array[],
  targetCols: readonly Float64Array[],
  alpha: number,
): MultiKsResult {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`ksBonferroni: alpha must be in (0, 1), got ${alpha}`);
  const k = sourceCols.length;
  if (k < 1 || targetCols.length !== k)
    throw new Error(`ksBonferroni: need k >= 1 matching columns, got ${k}`);
  const tests: UnivariateKs[] = [];
  let minPValue = 1;
  for (let i = 0; i < k; i++) {
    const r = ksTwoSample(sourceCols[i]!, targetCols[i]!);
    tests.push({ index: i, statistic: r.statistic, pValue: r.pValue, method: r.method });
    minPValue = Math.min(minPValue, r.pValue);
  }
  const bonferroniPValue = Math.min(1, k * minPValue);
  return {
    tests,
    k,
    minPValue,
    bonferroniPValue,
    alpha,
    rejects: bonferroniPValue < alpha,
    n: sourceCols[0]!.length,
    m: targetCols[0]!.length,
  };
}
