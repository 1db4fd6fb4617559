/**
 * Confidence intervals used with the classifier scores and the transferability metrics.
 */

export interface Interval {
  low: number;
  high: number;
}

/** The z with P(|Z| <= z) = level for a standard normal Z (e.g. 1.959964 for 0.95). */
export function twoSidedZ(level: number): number {
  if (!(level > 0 && level < 1)) throw new Error(`interval level: expected a number in (0, 1), got ${level}`);
  // Acklam's rational approximation of the normal quantile (relative error < 1.2e-9).
  const p = 1 - (1 - level) / 2;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p > 1 - pLow) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * Wilson score interval for a binomial proportion (Wilson, JASA 1927):
 *   (p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n),  p = successes / n.
 * Treats the n predictions as independent trials; for cross-validated accuracy that ignores the
 * small dependence through shared training folds.
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): Interval {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`wilsonInterval n: expected a positive integer, got ${n}`);
  if (!(successes >= 0 && successes <= n))
    throw new Error(`wilsonInterval successes: ${successes} not in [0, ${n}]`);
  const z = twoSidedZ(level);
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  return { low: Math.max(0, (centre - half) / denom), high: Math.min(1, (centre + half) / denom) };
}

/**
 * Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13): the (1-level)/2 and
 * (1+level)/2 quantiles of the replicates, with linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's default). Non-finite replicates are an error.
 */
export function percentileInterval(replicates: ArrayLike<number>, level = 0.95): Interval {
  if (replicates.length < 2)
    throw new Error(`percentileInterval: ${replicates.length} replicate(s); need at least 2`);
  const sorted = Float64Array.from(replicates);
  for (let i = 0; i < sorted.length; i++) {
    if (!Number.isFinite(sorted[i]!))
      throw new Error(`percentileInterval: non-finite replicate ${sorted[i]}`);
  }
  sorted.sort();
  twoSidedZ(level); // validates level
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  };
  return { low: q((1 - level) / 2), high: q((1 + level) / 2) };
}
