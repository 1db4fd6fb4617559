/**
 * Interval estimates for a binomial proportion and for the difference of two independent ones.
 *
 * Wilson, E. B. (1927), "Probable inference, the law of succession, and statistical inference",
 * JASA 22:209-212. For x successes in n trials, p̂ = x/n and z the normal quantile:
 *   centre = (p̂ + z²/2n) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · √( p̂(1−p̂)/n + z²/4n² )
 * Unlike the Wald interval it stays inside [0, 1] and keeps close to nominal coverage for small n
 * and for p̂ near 0 or 1 (Newcombe 1998a, Statistics in Medicine 17:857-872, method 3).
 */

/** z for a two-sided 95 % interval, Φ⁻¹(0.975) to 7 significant digits. */
export const Z95 = 1.959964;

export interface ProportionInterval {
  successes: number;
  n: number;
  estimate: number;
  lower: number;
  upper: number;
}

function assertCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name}: expected a non-negative integer count, got ${value}`);
  }
}

/** Wilson score interval for x successes out of n (no continuity correction). */
export function wilsonInterval(successes: number, n: number, z: number = Z95): ProportionInterval {
  assertCount(successes, "wilsonInterval successes");
  assertCount(n, "wilsonInterval n");
  if (n === 0) throw new Error("wilsonInterval n: must be > 0 (no trials, no proportion)");
  if (successes > n) throw new Error(`wilsonInterval successes: ${successes} exceeds n = ${n}`);
  if (!Number.isFinite(z) || z <= 0) throw new Error(`wilsonInterval z: must be a positive number, got ${z}`);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At x = 0 (x = n) the bound is exactly 0 (1); pin it so rounding does not leave 1e-17.
  const lower = successes === 0 ? 0 : Math.max(0, centre - half);
  const upper = successes === n ? 1 : Math.min(1, centre + half);
  return { successes, n, estimate: p, lower, upper };
}

export interface DifferenceInterval {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * Interval for p1 − p2 of two independent proportions from their Wilson intervals: Newcombe's
 * hybrid score method (Newcombe 1998b, "Interval estimation for the difference between
 * independent proportions", Statistics in Medicine 17:873-890, method 10):
 *   lower = d − √((p1 − l1)² + (u2 − p2)²),  upper = d + √((u1 − p1)² + (p2 − l2)²).
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z: number = Z95,
): DifferenceInterval {
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  const d = a.estimate - b.estimate;
  return {
    estimate: d,
    lower: d - Math.sqrt((a.estimate - a.lower) ** 2 + (b.upper - b.estimate) ** 2),
    upper: d + Math.sqrt((a.upper - a.estimate) ** 2 + (b.estimate - b.lower) ** 2),
  };
}
