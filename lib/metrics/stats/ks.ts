/**
 * Two-sample Kolmogorov-Smirnov test (two-sided).
 *
 * Statistic: D = sup_t |F_x(t) - F_y(t)| over the empirical CDFs, evaluated after each block of
 * tied values (so ties are handled as scipy.stats.ks_2samp does). It is computed as an integer
 * D * n * m = max |i m - j n| so the exact p-value can use it without rounding.
 *
 * p-value, method "exact" (default while n * m <= 1e7): P(D >= d) under H0 for continuous data, by
 * the lattice-path recursion of Hodges (1957, "The significance probability of the Smirnov
 * two-sample test", Arkiv för Matematik 3): a uniformly random ordering of the pooled sample is a
 * monotone path from (0,0) to (n,m); we propagate the probability of paths that have not yet touched
 * a point with |i m - j n| >= D n m and add up the mass absorbed there. Summing absorbed mass (rather
 * than 1 - mass kept) keeps small p-values accurate. O(n · band) time, O(m) memory.
 *
 * Method "asymptotic": the Kolmogorov limit Q(lambda) = 2 sum_{k>=1} (-1)^{k-1} exp(-2 k² lambda²)
 * with the effective sample size n_e = n m / (n + m) and Stephens' (1970) small-sample correction
 * lambda = (sqrt(n_e) + 0.12 + 0.11 / sqrt(n_e)) D, as in Press et al., "Numerical Recipes" 3rd ed.,
 * §14.3.
 *
 * Ties make both p-values conservative (the null distribution is that of continuous data).
 */

export type KsMethod = "exact" | "asymptotic";

export interface KsResult {
  /** sup |F_x - F_y|, in [0, 1]. */
  statistic: number;
  pValue: number;
  method: KsMethod;
  n: number;
  m: number;
}

/** Largest n * m for which "auto" uses the exact recursion (a few ms per test at n = m = 2000). */
export const KS_EXACT_MAX_CELLS = 1e7;

function sortedCopy(x: ArrayLike<number>, name: string): Float64Array {
  const out = Float64Array.from(x as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!))
      throw new Error(`ksTwoSample: ${name} has a non-finite value at index ${i}`);
  }
  return out.sort();
}

/** D * n * m as an integer: max over tie-block ends of |i m - j n|. Inputs sorted ascending. */
export function ksIntegerStatistic(xs: Float64Array, ys: Float64Array): number {
  const n = xs.length;
  const m = ys.length;
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < n || j < m) {
    const t = j >= m || (i < n && xs[i]! <= ys[j]!) ? xs[i]! : ys[j]!;
    while (i < n && xs[i]! === t) i++;
    while (j < m && ys[j]! === t) j++;
    const diff = Math.abs(i * m - j * n);
    if (diff > best) best = diff;
  }
  return best;
}

/**
 * Exact P(D * n * m >= dInt) for continuous data (Hodges 1957 lattice-path recursion, see above).
 * Mass is pushed forward only through the band of lattice points with |i m - j n| < dInt (the
 * others absorb it), so the cost is O(n · band width) rather than O(n m).
 */
export function ksExactPValue(n: number, m: number, dInt: number): number {
  if (dInt <= 0) return 1;
  const inside = (i: number, j: number) => Math.abs(i * m - j * n) < dInt;
  let cur = new Float64Array(m + 2);
  let next = new Float64Array(m + 2);
  cur[0] = 1;
  let absorbed = 0;
  for (let i = 0; i <= n; i++) {
    // Inside points of row i: i m - dInt < j n < i m + dInt.
    const lo = Math.max(0, Math.floor((i * m - dInt) / n) + 1);
    const hi = Math.min(m, Math.ceil((i * m + dInt) / n) - 1);
    for (let j = lo; j <= hi; j++) {
      const mass = cur[j]!;
      if (mass === 0) continue;
      const rest = n + m - i - j;
      if (rest === 0) continue; // (n, m): the end of every path
      // Next observation is a y (to (i, j+1)) with probability (m - j)/rest, an x with (n - i)/rest.
      if (j < m) {
        const f = (mass * (m - j)) / rest;
        if (inside(i, j + 1)) cur[j + 1]! += f;
        else absorbed += f;
      }
      if (i < n) {
        const f = (mass * (n - i)) / rest;
        if (inside(i + 1, j)) next[j]! += f;
        else absorbed += f;
      }
    }
    cur.fill(0, lo, Math.min(hi + 2, m + 2));
    const t = cur;
    cur = next;
    next = t;
  }
  return Math.min(1, Math.max(0, absorbed));
}

/**
 * Survival function of the Kolmogorov distribution, Q(lambda) = P(K > lambda). For lambda < 1.18
 * the alternating series converges slowly, so the Jacobi-theta form
 * P(K <= lambda) = sqrt(2 pi) / lambda * sum_{k>=1} exp(-(2k-1)² pi² / (8 lambda²)) is used instead
 * (the equivalent Jacobi-theta form of Kolmogorov's 1933 limit law; both series are exact, they
 * differ only in how fast they converge).
 */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1.18) {
    const f = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k <= 20; k++) {
      const term = Math.exp(f * (2 * k - 1) * (2 * k - 1));
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17 * Math.abs(sum)) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** Asymptotic p-value with the effective-n (Stephens) correction, see the file header. */
export function ksAsymptoticPValue(n: number, m: number, statistic: number): number {
  const ne = (n * m) / (n + m);
  const sq = Math.sqrt(ne);
  return kolmogorovSurvival((sq + 0.12 + 0.11 / sq) * statistic);
}

/** Two-sided two-sample KS test of x against y. */
export function ksTwoSample(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  opts: { method?: "auto" | KsMethod } = {},
): KsResult {
  const n = x.length;
  const m = y.length;
  if (n < 1) throw new Error("ksTwoSample: x is empty");
  if (m < 1) throw new Error("ksTwoSample: y is empty");
  const xs = sortedCopy(x, "x");
  const ys = sortedCopy(y, "y");
  const dInt = ksIntegerStatistic(xs, ys);
  const statistic = dInt / (n * m);
  const requested = opts.method ?? "auto";
  const method: KsMethod =
    requested === "auto" ? (n * m <= KS_EXACT_MAX_CELLS ? "exact" : "asymptotic") : requested;
  const pValue = method === "exact" ? ksExactPValue(n, m, dInt) : ksAsymptoticPValue(n, m, statistic);
  return { statistic, pValue, method, n, m };
}
