/**
 * Tests on contingency tables of counts.
 *
 * - Pearson's chi-square test of homogeneity / independence (Pearson 1900): X² = Σ (O − E)² / E with
 *   E = row total · column total / N, referred to χ² with (r − 1)(c − 1) degrees of freedom.
 *   The approximation is poor when expected counts are small; Cochran (1954, Biometrics 10:417-451)
 *   asks for every E ≥ 1 and at most 20 % of cells with E < 5. Callers get `minExpected` and
 *   `cellsBelow5` to say so.
 * - Fisher's exact test for a 2x2 table (Fisher 1935, "The Design of Experiments", the tea-tasting
 *   example), two-sided as in R's `fisher.test`: the sum of the hypergeometric probabilities of all
 *   tables with the same margins whose probability is ≤ the observed one times (1 + 1e-7).
 * - The ratio of two independent proportions with Katz's log interval (Katz, Baptista, Azen & Pike
 *   1978, Biometrics 34:469-474): se(ln RR) = √(1/x1 − 1/n1 + 1/x2 − 1/n2).
 */
import { chiSquareSurvival, logGamma, normalQuantile } from "./distributions";

export interface ChiSquareResult {
  statistic: number;
  df: number;
  pValue: number;
  /** Expected counts under homogeneity, same shape as the (reduced) table. */
  expected: number[][];
  minExpected: number;
  /** Number of cells whose expected count is below 5. */
  cellsBelow5: number;
  /** Rows / columns dropped because their total was zero (indices into the input). */
  droppedRows: number[];
  droppedColumns: number[];
}

function validateTable(table: ReadonlyArray<ReadonlyArray<number>>, name: string): void {
  if (table.length === 0) throw new Error(`${name}: table is empty`);
  const cols = table[0]!.length;
  table.forEach((r, i) => {
    if (r.length !== cols) throw new Error(`${name}: row ${i} has ${r.length} cells, expected ${cols}`);
    r.forEach((v, j) => {
      if (!Number.isFinite(v) || v < 0 || !Number.isInteger(v)) {
        throw new Error(`${name}: cell [${i}][${j}] must be a non-negative integer count, got ${v}`);
      }
    });
  });
}

/** Pearson chi-square test on an r x c table of counts; all-zero rows and columns are dropped. */
export function chiSquareTest(table: ReadonlyArray<ReadonlyArray<number>>): ChiSquareResult {
  validateTable(table, "chiSquareTest table");
  const rowTotals = table.map((r) => r.reduce((s, v) => s + v, 0));
  const colTotals = table[0]!.map((_, j) => table.reduce((s, r) => s + r[j]!, 0));
  const keepRows = rowTotals.flatMap((t, i) => (t > 0 ? [i] : []));
  const keepCols = colTotals.flatMap((t, j) => (t > 0 ? [j] : []));
  if (keepRows.length < 2) {
    throw new Error(
      `chiSquareTest table: needs at least 2 rows with a non-zero total, got ${keepRows.length}`,
    );
  }
  if (keepCols.length < 2) {
    throw new Error(
      `chiSquareTest table: needs at least 2 columns with a non-zero total, got ${keepCols.length}`,
    );
  }
  const n = rowTotals.reduce((s, v) => s + v, 0);
  let statistic = 0;
  let minExpected = Number.POSITIVE_INFINITY;
  let cellsBelow5 = 0;
  const expected = keepRows.map((i) =>
    keepCols.map((j) => {
      const e = (rowTotals[i]! * colTotals[j]!) / n;
      const o = table[i]![j]!;
      statistic += ((o - e) * (o - e)) / e;
      if (e < minExpected) minExpected = e;
      if (e < 5) cellsBelow5++;
      return e;
    }),
  );
  const df = (keepRows.length - 1) * (keepCols.length - 1);
  return {
    statistic,
    df,
    pValue: chiSquareSurvival(statistic, df),
    expected,
    minExpected,
    cellsBelow5,
    droppedRows: rowTotals.flatMap((t, i) => (t > 0 ? [] : [i])),
    droppedColumns: colTotals.flatMap((t, j) => (t > 0 ? [] : [j])),
  };
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * Two-sided Fisher exact test for the 2x2 table [[a, b], [c, d]] (R `fisher.test` convention:
 * tables with probability ≤ p_observed · (1 + 1e-7) count as "as or more extreme").
 */
export function fisherExact2x2(a: number, b: number, c: number, d: number): { pValue: number } {
  validateTable(
    [
      [a, b],
      [c, d],
    ],
    "fisherExact2x2",
  );
  const r1 = a + b;
  const r2 = c + d;
  const c1 = a + c;
  const n = r1 + r2;
  if (n === 0) throw new Error("fisherExact2x2: table has no counts");
  const lo = Math.max(0, c1 - r2);
  const hi = Math.min(r1, c1);
  const logp: number[] = [];
  for (let x = lo; x <= hi; x++) logp.push(logChoose(r1, x) + logChoose(r2, c1 - x) - logChoose(n, c1));
  const max = Math.max(...logp);
  const dens = logp.map((v) => Math.exp(v - max));
  const total = dens.reduce((s, v) => s + v, 0);
  const observed = dens[a - lo]!;
  const cutoff = observed * (1 + 1e-7);
  let sum = 0;
  for (const v of dens) if (v <= cutoff) sum += v;
  return { pValue: Math.min(1, sum / total) };
}

export interface TwoByTwoResult {
  method: "chi-square" | "fisher";
  /** Pearson X² (df = 1, no continuity correction) when method is chi-square. */
  statistic: number | null;
  pValue: number;
  minExpected: number;
}

/**
 * Two-sided test of association in a 2x2 table: Pearson chi-square (1 df, no continuity correction)
 * when every expected count is ≥ 5, otherwise Fisher's exact test (Cochran 1954).
 */
export function twoByTwoTest(a: number, b: number, c: number, d: number): TwoByTwoResult {
  validateTable(
    [
      [a, b],
      [c, d],
    ],
    "twoByTwoTest",
  );
  const n = a + b + c + d;
  const rows = [a + b, c + d];
  const cols = [a + c, b + d];
  if (rows.some((t) => t === 0) || cols.some((t) => t === 0)) {
    // A zero margin means one outcome or one population is absent: nothing can differ.
    return { method: "fisher", statistic: null, pValue: 1, minExpected: 0 };
  }
  const minExpected = Math.min(...rows.flatMap((r) => cols.map((c2) => (r * c2) / n)));
  if (minExpected < 5)
    return { method: "fisher", statistic: null, pValue: fisherExact2x2(a, b, c, d).pValue, minExpected };
  const res = chiSquareTest([
    [a, b],
    [c, d],
  ]);
  return { method: "chi-square", statistic: res.statistic, pValue: res.pValue, minExpected };
}

export interface RatioInterval {
  estimate: number;
  /** null when a count is zero and the log interval is undefined. */
  lower: number | null;
  upper: number | null;
}

/** Ratio (x1/n1) / (x2/n2) of two independent proportions with Katz's log interval. */
export function ratioOfProportions(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = 0.95,
): RatioInterval {
  for (const [v, name] of [
    [x1, "x1"],
    [n1, "n1"],
    [x2, "x2"],
    [n2, "n2"],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`ratioOfProportions ${name}: expected a count, got ${v}`);
  }
  if (n1 === 0 || n2 === 0) throw new Error("ratioOfProportions n1/n2: must be > 0");
  if (x1 > n1 || x2 > n2) throw new Error("ratioOfProportions: successes exceed trials");
  if (x2 === 0) throw new Error("ratioOfProportions x2: the reference proportion is zero, ratio undefined");
  const estimate = x1 / n1 / (x2 / n2);
  if (x1 === 0) return { estimate, lower: null, upper: null };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const se = Math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
  return { estimate, lower: estimate * Math.exp(-z * se), upper: estimate * Math.exp(z * se) };
}
