import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { fromRows, type Matrix, matrix, takeRows } from "@/lib/metrics/matrix";
import { meanAndCovariance } from "@/lib/metrics/stats/linalg";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { frechetDistance } from "./frechet";

function gaussian(n: number, d: number, seed: number, scales: number[] = [], shift = 0): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) data[i * d + j] = rng.normal() * (scales[j] ?? 1) + shift;
  return matrix(n, d, data);
}

/**
 * The FID formula taken literally, with ml-matrix: C_s^{1/2} = V diag(sqrt(max(λ,0))) Vᵀ from a
 * symmetric eigen-decomposition, then the eigenvalues of C_s^{1/2} C_t C_s^{1/2}. An independent
 * route (no Cholesky, no sample-space trick) for checking.
 */
function referenceFrechet(source: Matrix, target: Matrix): number {
  const d = source.cols;
  const fs = meanAndCovariance(source.data, source.rows, d);
  const ft = meanAndCovariance(target.data, target.rows, d);
  const toMl = (a: Float64Array) =>
    new MlMatrix(Array.from({ length: d }, (_, i) => Array.from(a.subarray(i * d, (i + 1) * d))));
  const cs = toMl(fs.cov);
  const ct = toMl(ft.cov);
  const e = new EigenvalueDecomposition(cs, { assumeSymmetric: true });
  const root = e.eigenvectorMatrix
    .mmul(MlMatrix.diag(e.realEigenvalues.map((v) => Math.sqrt(Math.max(0, v)))))
    .mmul(e.eigenvectorMatrix.transpose());
  const inner = root.mmul(ct).mmul(root);
  const sym = inner.add(inner.transpose()).div(2);
  const traceSqrt = new EigenvalueDecomposition(sym, { assumeSymmetric: true }).realEigenvalues.reduce(
    (s, v) => s + Math.sqrt(Math.max(0, v)),
    0,
  );
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (fs.mean[j]! - ft.mean[j]!) ** 2;
  return meanTerm + cs.trace() + ct.trace() - 2 * traceSqrt;
}

describe("frechetDistance closed forms", () => {
  it("1-D: (μ1 - μ2)² + (σ1 - σ2)²", () => {
    // Source {0, 2}: mean 1, unbiased variance ((-1)² + 1²)/1 = 2. Target {3, 4, 8}: mean 5,
    // variance (4 + 1 + 9)/2 = 7. FD = (1 - 5)² + (√2 - √7)² = 16 + 2 + 7 - 2√14 = 25 - 2√14.
    const r = frechetDistance(fromRows([[0], [2]]), fromRows([[3], [4], [8]]));
    expect(r.distance).toBeCloseTo(25 - 2 * Math.sqrt(14), 12);
    expect(r.meanTerm).toBeCloseTo(16, 14);
    expect(r.traceSqrt).toBeCloseTo(Math.sqrt(14), 12);
  });

  it("diagonal covariances: the 1-D formula summed over dimensions", () => {
    // Source rows (±a, 0), (0, ±b) around 0: Σ x² = 2a², Σ y² = 2b², Σ xy = 0, so C_s = diag(2a²/3, 2b²/3).
    // Target rows (±c, 0), (0, ±e) moved by (1, 2): C_t = diag(2c²/3, 2e²/3), mean (1, 2).
    // FD = 1² + 2² + (√(2a²/3) - √(2c²/3))² + (√(2b²/3) - √(2e²/3))² = 5 + (2/3)((a - c)² + (b - e)²).
    const [a, b, c, e] = [3, 1, 1.5, 2];
    const source = fromRows([
      [a, 0],
      [-a, 0],
      [0, b],
      [0, -b],
    ]);
    const target = fromRows([
      [1 + c, 2],
      [1 - c, 2],
      [1, 2 + e],
      [1, 2 - e],
    ]);
    const r = frechetDistance(source, target);
    expect(r.route).toBe("covariance");
    expect(r.distance).toBeCloseTo(5 + (2 / 3) * ((a - c) ** 2 + (b - e) ** 2), 12);
  });

  it("a singular covariance, by hand, in both orders", () => {
    // Source (0,0),(2,0),(0,2),(2,2): C_s = (4/3) I. Target (0,0),(1,1),(2,2): deviations (-1,-1),(0,0),
    // (1,1), C_t = [[1,1],[1,1]], eigenvalues 2 and 0. Both means are (1,1).
    // Tr sqrt(C_s^{1/2} C_t C_s^{1/2}) = Tr sqrt((4/3) C_t) = √(4/3) √2 = √(8/3);
    // FD = 8/3 + 2 - 2√(8/3) = 14/3 - 2√(8/3). Swapping makes C_s singular (pivoted Cholesky of rank 1).
    const source = fromRows([
      [0, 0],
      [2, 0],
      [0, 2],
      [2, 2],
    ]);
    const target = fromRows([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    const want = 14 / 3 - 2 * Math.sqrt(8 / 3);
    expect(frechetDistance(source, target).distance).toBeCloseTo(want, 12);
    expect(frechetDistance(target, source).distance).toBeCloseTo(want, 12);
  });
});

describe("frechetDistance against the literal formula (ml-matrix eigen-decompositions)", () => {
  it("covariance route, full rank (n >= d)", () => {
    const source = gaussian(40, 7, 1, [3, 2, 1, 1, 0.5, 0.2, 0.1]);
    const target = gaussian(35, 7, 2, [1, 1, 2, 0.5, 0.5, 1, 0.3], 0.4);
    const r = frechetDistance(source, target);
    expect(r.route).toBe("covariance");
    const want = referenceFrechet(source, target);
    expect(Math.abs(r.distance - want)).toBeLessThan(1e-10 * Math.abs(want));
  });

  it("samples route, rank-deficient covariances (n < d)", () => {
    // 6 and 9 rows in 15 dimensions: both covariances are singular; the smaller-of-(d, n) route is used.
    const source = gaussian(6, 15, 3);
    const target = gaussian(9, 15, 4, [], 0.3);
    const r = frechetDistance(source, target);
    expect(r.route).toBe("samples");
    const want = referenceFrechet(source, target);
    // The reference's square roots of zero eigenvalues carry rounding of order sqrt(1e-16 ||C||);
    // allow 1e-6 relative.
    expect(Math.abs(r.distance - want)).toBeLessThan(1e-6 * Math.abs(want));
  });

  it("both routes match the reference on either side of n = d", () => {
    // min(n, m) = d uses the covariance route; dropping one row switches to the samples route on
    // the same data, so compare each against the reference on its own input.
    const source = gaussian(12, 12, 5);
    const target = gaussian(14, 12, 6, [], 0.2);
    const covRoute = frechetDistance(source, target);
    const fewer = takeRows(
      source,
      Array.from({ length: 11 }, (_, i) => i),
    );
    const sampleRoute = frechetDistance(fewer, target);
    expect(covRoute.route).toBe("covariance");
    expect(sampleRoute.route).toBe("samples");
    expect(Math.abs(covRoute.distance - referenceFrechet(source, target))).toBeLessThan(
      1e-6 * covRoute.distance,
    );
    expect(Math.abs(sampleRoute.distance - referenceFrechet(fewer, target))).toBeLessThan(
      1e-6 * sampleRoute.distance,
    );
  });
});

describe("frechetDistance invariances", () => {
  const source = gaussian(30, 5, 7, [2, 1, 1, 0.5, 0.5]);
  const target = gaussian(26, 5, 8, [1, 1, 1, 1, 1], 0.5);

  it("is symmetric and unchanged by row order", () => {
    const a = frechetDistance(source, target).distance;
    expect(frechetDistance(target, source).distance).toBeCloseTo(a, 10);
    const shuffled = takeRows(target, permutation(target.rows, createRng(1)));
    expect(frechetDistance(source, shuffled).distance).toBeCloseTo(a, 10);
  });

  it("is 0 for a sample against itself", () => {
    const r = frechetDistance(source, source);
    expect(Math.abs(r.distance)).toBeLessThan(1e-10 * r.traceSqrt);
  });

  it("accepts precomputed fits and rejects mismatched ones", () => {
    const fits = {
      source: meanAndCovariance(source.data, source.rows, 5),
      target: meanAndCovariance(target.data, target.rows, 5),
    };
    expect(frechetDistance(source, target, fits).distance).toBe(frechetDistance(source, target).distance);
    expect(() => frechetDistance(source, target, { source: fits.target, target: fits.source })).toThrow(
      /fits do not match/,
    );
  });

  it("validates input", () => {
    expect(() => frechetDistance(source, gaussian(4, 3, 1))).toThrow(/source has 5 columns but target has 3/);
    expect(() =>
      frechetDistance(
        fromRows([[1, 2]]),
        fromRows([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toThrow(/source needs at least 2 rows/);
    expect(() => frechetDistance(fromRows([[1], [Number.NaN]]), fromRows([[1], [2]]))).toThrow(
      /source: non-finite/,
    );
  });
});
