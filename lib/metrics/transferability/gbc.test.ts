import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { fromRows } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { bhattacharyyaCoefficient, gbc, gbcFromScores } from "./gbc";

function randomRows(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

describe("bhattacharyyaCoefficient", () => {
  it("matches the closed form for two 1-D Gaussians", () => {
    // BC(N(m1, s1^2), N(m2, s2^2)) = sqrt(2 s1 s2 / (s1^2 + s2^2)) exp(-(m1 - m2)^2 / (4 (s1^2 + s2^2)))
    // (Bhattacharyya 1943; e.g. Kailath 1967, eq. for Gaussian densities).
    for (const [m1, s1, m2, s2] of [
      [0, 1, 0, 1],
      [0, 1, 2, 1],
      [1, 0.5, -1, 2],
    ] as const) {
      const want =
        Math.sqrt((2 * s1 * s2) / (s1 ** 2 + s2 ** 2)) *
        Math.exp(-((m1 - m2) ** 2) / (4 * (s1 ** 2 + s2 ** 2)));
      expect(bhattacharyyaCoefficient([m1], [s1 ** 2], [m2], [s2 ** 2])).toBeCloseTo(want, 14);
    }
  });
  it("diagonal Gaussians factorise over dimensions; spherical uses the mean variance", () => {
    const a = bhattacharyyaCoefficient([0], [1], [1], [2]);
    const b = bhattacharyyaCoefficient([3], [0.5], [3.5], [0.5]);
    expect(bhattacharyyaCoefficient([0, 3], [1, 0.5], [1, 3.5], [2, 0.5])).toBeCloseTo(a * b, 14);
    // Spherical with equal variances per class is the diagonal formula with those variances.
    expect(bhattacharyyaCoefficient([0, 1], [1, 3], [1, 0], [2, 2], "spherical")).toBeCloseTo(
      bhattacharyyaCoefficient([0, 1], [2, 2], [1, 0], [2, 2]),
      14,
    );
  });
});

describe("gbc", () => {
  const C = 4;
  const labels = Int32Array.from({ length: 80 }, (_, i) => i % C);

  it("is ~0 for far-apart classes and ~-C(C-1) for identical ones, always in [-C(C-1), 0]", () => {
    const noise = randomRows(80, 6, 3);
    const far = noise.map((r, i) => r.map((v, j) => v + (j === labels[i] ? 50 : 0)));
    const g1 = gbc(fromRows(far), labels).value;
    expect(g1).toBeLessThanOrEqual(0);
    expect(g1).toBeGreaterThan(-1e-6);
    // Identical classes: every class gets the same 20 rows, so every BC is exactly 1.
    const cloud = randomRows(20, 6, 5);
    const same = Array.from({ length: 80 }, (_, i) => cloud[Math.floor(i / C)]!);
    expect(gbc(fromRows(same), labels).value).toBeCloseTo(-C * (C - 1), 10);
    const g2 = gbc(fromRows(noise), labels).value;
    expect(g2).toBeGreaterThan(-C * (C - 1));
    expect(g2).toBeLessThan(0);
  });

  it("PCA to 64 dims uses the top principal components (checked against ml-matrix)", () => {
    const n = 90;
    const d = 70;
    const rows = randomRows(n, d, 8).map((r, i) => r.map((v, j) => v + (j < 3 && j === i % 3 ? 2 : 0)));
    const y = Int32Array.from({ length: n }, (_, i) => i % 3);
    const got = gbc(fromRows(rows), y);
    expect(got.pca).toBe(true);
    expect(got.dims).toBe(64);
    // Reference PCA: eigenvectors of the centred Z'Z from ml-matrix, scores Z V_64.
    const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
    const Z = new MlMatrix(rows.map((r) => r.map((v, j) => v - mean[j]!)));
    const e = new EigenvalueDecomposition(Z.transpose().mmul(Z), { assumeSymmetric: true });
    const V = e.eigenvectorMatrix.subMatrix(0, d - 1, d - 64, d - 1); // ascending order: last 64
    const scores = Float64Array.from(Z.mmul(V).to1DArray());
    const counts = Int32Array.of(30, 30, 30);
    expect(got.value).toBeCloseTo(gbcFromScores(scores, n, 64, y, counts, "diagonal"), 8);
    // pcaDims = 0 keeps all 70 dimensions, a different number.
    expect(gbc(fromRows(rows), y, { pcaDims: 0 }).dims).toBe(70);
  });

  it("is invariant to row order and rejects bad options", () => {
    const rows = randomRows(40, 3, 4);
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 2);
    const order = Array.from({ length: 40 }, (_, i) => (i * 11) % 40);
    expect(
      gbc(
        fromRows(order.map((i) => rows[i]!)),
        Int32Array.from(order, (i) => y[i]!),
      ).value,
    ).toBeCloseTo(gbc(fromRows(rows), y).value, 12);
    expect(() => gbc(fromRows(rows), y, { covariance: "full" as "diagonal" })).toThrow(/full/);
    expect(() => gbc(fromRows(rows), y, { pcaDims: -1 })).toThrow(/pcaDims/);
  });
});
