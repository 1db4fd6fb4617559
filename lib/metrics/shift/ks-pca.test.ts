import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { fromRows, type Matrix, matrix } from "@/lib/metrics/matrix";
import { ksTwoSample } from "@/lib/metrics/stats/ks";
import { meanAndCovariance } from "@/lib/metrics/stats/linalg";
import { createRng } from "@/lib/metrics/stats/rng";
import { ksPca } from "./ks-pca";

function gaussian(n: number, d: number, seed: number, scales: number[], shift: number[] = []): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) data[i * d + j] = rng.normal() * (scales[j] ?? 1) + (shift[j] ?? 0);
  }
  return matrix(n, d, data);
}

describe("ksPca", () => {
  const scales = [5, 3, 2, 1, 0.5, 0.25];

  it("equals KS tests on projections from ml-matrix's eigen-decomposition of the source covariance", () => {
    // Reference: top-3 eigenvectors of the source covariance by ml-matrix, both samples centred on the
    // source mean and projected, ksTwoSample per component (sign of a component does not change D).
    const source = gaussian(60, 6, 1, scales);
    const target = gaussian(50, 6, 2, scales, [0, 1.5]);
    const r = ksPca(source, target, { components: 3 });
    const fit = meanAndCovariance(source.data, source.rows, 6);
    const cov = new MlMatrix(
      Array.from({ length: 6 }, (_, i) => Array.from(fit.cov.subarray(i * 6, i * 6 + 6))),
    );
    const e = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
    const order = e.realEigenvalues.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
    const project = (m: Matrix, col: number) =>
      Array.from({ length: m.rows }, (_, i) => {
        let s = 0;
        for (let j = 0; j < 6; j++)
          s += (m.data[i * 6 + j]! - fit.mean[j]!) * e.eigenvectorMatrix.get(j, col);
        return s;
      });
    let minP = 1;
    for (let c = 0; c < 3; c++) {
      const ref = ksTwoSample(project(source, order[c]![1]), project(target, order[c]![1]));
      expect(r.tests[c]!.statistic).toBeCloseTo(ref.statistic, 12);
      expect(r.tests[c]!.pValue).toBeCloseTo(ref.pValue, 10);
      minP = Math.min(minP, ref.pValue);
      expect(r.explainedVarianceRatio[c]).toBeCloseTo(order[c]![0] / cov.trace(), 12);
    }
    expect(r.minPValue).toBeCloseTo(minP, 10);
    expect(r.bonferroniPValue).toBeCloseTo(Math.min(1, 3 * minP), 10);
    // The shift of 1.5 along the second axis (sd 3) is visible on the second component.
    expect(r.rejects).toBe(true);
  });

  it("holds its level under no shift (Bonferroni is conservative)", () => {
    // 200 draws with no shift: the Bonferroni-combined test rejects at most at rate α = 0.05
    // (union bound). Binomial sd at 0.05 with 200 draws is 0.015; allow 0.05 + 3 sd.
    let rejected = 0;
    for (let r = 0; r < 200; r++) {
      const res = ksPca(gaussian(40, 6, 100 + r, scales), gaussian(40, 6, 900 + r, scales), {
        components: 4,
      });
      if (res.rejects) rejected++;
    }
    expect(rejected / 200).toBeLessThan(0.095);
  });

  it("caps the components at source rows - 1 and at d", () => {
    const r = ksPca(gaussian(4, 6, 3, scales), gaussian(5, 6, 4, scales), { components: 32 });
    expect(r.k).toBe(3);
    expect(r.requestedComponents).toBe(32);
    expect(ksPca(gaussian(20, 6, 3, scales), gaussian(20, 6, 4, scales)).k).toBe(6);
  });

  it("handles a source without variance", () => {
    // Source: 5 rows at the origin (zero covariance, so any basis is a PCA basis); target: 5 rows at
    // (1,1,1). Every component separates the samples completely: D = 1, exact p = 2 / C(10, 5) = 2/252,
    // k = min(32, d = 3, n - 1 = 4) = 3, Bonferroni 3 · 2/252 = 0.0238 < 0.05.
    const r = ksPca(matrix(5, 3, new Float64Array(15)), matrix(5, 3, new Float64Array(15).fill(1)));
    expect(r.k).toBe(3);
    expect(r.tests.every((t) => t.statistic === 1)).toBe(true);
    expect(r.bonferroniPValue).toBeCloseTo(6 / 252, 14);
    expect(r.rejects).toBe(true);
  });

  it("validates input", () => {
    const ok = fromRows([
      [1, 2],
      [3, 4],
      [5, 7],
    ]);
    expect(() => ksPca(ok, fromRows([[1], [2]]))).toThrow(/source has 2 columns but target has 1/);
    expect(() => ksPca(ok, ok, { components: 0 })).toThrow(/components must be an integer >= 1/);
    expect(() => ksPca(ok, ok, { alpha: 2 })).toThrow(/alpha must be in \(0, 1\)/);
  });
});
