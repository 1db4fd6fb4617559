import { determinant, Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { fromRows } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { transRate } from "./transrate";

function randomRows(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

/** Reference: the definition with ml-matrix determinants on the d x d side. */
function referenceTransRate(rows: number[][], labels: Int32Array, eps: number): number {
  const n = rows.length;
  const d = rows[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const Z = rows.map((r) => r.map((v, j) => v - mean[j]!));
  const rate = (R: number[][]) => {
    const M = new MlMatrix(R);
    const G = M.transpose()
      .mmul(M)
      .div(R.length * eps);
    for (let i = 0; i < d; i++) G.set(i, i, G.get(i, i) + 1);
    return 0.5 * Math.log(determinant(G));
  };
  let cond = 0;
  for (let c = 0; c <= Math.max(...labels); c++) {
    const Zc = Z.filter((_, i) => labels[i] === c);
    cond += (Zc.length / n) * rate(Zc);
  }
  return rate(Z) - cond;
}

describe("transRate", () => {
  it("hand-worked 2-D example", () => {
    // Rows (1,0), (-1,0) | (0,1), (0,-1), already centred, eps = 1:
    // Z'Z = diag(2, 2), N = 4: R = 1/2 log det(I + diag(2,2)/4) = log 1.5.
    // Class 0: Z0'Z0 = diag(2, 0), n = 2: 1/2 log det(I + diag(1, 0)) = 1/2 log 2; class 1 the same.
    // R(Z|Y) = 1/2 (1/2 log 2) + 1/2 (1/2 log 2) = 1/2 log 2; TrR = log 1.5 - 1/2 log 2 = 0.0588915.
    const r = transRate(
      fromRows([
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
      ]),
      Int32Array.of(0, 0, 1, 1),
      { eps: 1 },
    );
    expect(r.rate).toBeCloseTo(Math.log(1.5), 12);
    expect(r.conditionalRate).toBeCloseTo(0.5 * Math.log(2), 12);
    expect(r.value).toBeCloseTo(Math.log(1.5) - 0.5 * Math.log(2), 12);
  });

  it("is 0 when every class is the same point cloud", () => {
    // Each class holds the same rows, so Z_c'Z_c / n_c = Z'Z / N and each class term equals R.
    const cloud = randomRows(5, 3, 2);
    const rows = [...cloud, ...cloud, ...cloud];
    const labels = Int32Array.from({ length: 15 }, (_, i) => Math.floor(i / 5));
    expect(Math.abs(transRate(fromRows(rows), labels).value)).toBeLessThan(1e-9);
  });

  it("matches the determinant definition on both Gram sides and is non-negative", () => {
    for (const [n, d] of [
      [30, 4],
      [9, 14],
    ] as const) {
      const rows = randomRows(n, d, n * d).map((r, i) => r.map((v, j) => v + (j === i % 3 ? 2 : 0)));
      const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
      for (const eps of [1e-4, 0.5]) {
        const got = transRate(fromRows(rows), labels, { eps }).value;
        expect(got).toBeCloseTo(referenceTransRate(rows, labels, eps), 8);
        expect(got).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("rejects bad eps and labels", () => {
    const X = fromRows(randomRows(6, 2, 1));
    expect(() => transRate(X, Int32Array.of(0, 0, 0, 1, 1, 1), { eps: 0 })).toThrow(/eps/);
    expect(() => transRate(X, Int32Array.of(0, 0, 0, 0, 0, 0))).toThrow(/single class/);
  });
});
