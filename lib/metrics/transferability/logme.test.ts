import { determinant, Matrix as MlMatrix, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { fromRows, type Matrix } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { logME } from "./logme";

/**
 * Independent evaluation of the log evidence straight from its definition (You et al. 2021, eq. 2):
 * A = alpha I + beta F'F, m = beta A^{-1} F'y, L = D/2 log alpha + N/2 log beta - N/2 log 2pi
 * - beta/2 |Fm - y|^2 - alpha/2 |m|^2 - 1/2 log det A, with ml-matrix's solve and determinant.
 */
function directEvidence(F: number[][], y: number[], alpha: number, beta: number): number {
  const N = F.length;
  const D = F[0]!.length;
  const Fm = new MlMatrix(F);
  const A = Fm.transpose().mmul(Fm).mul(beta);
  for (let i = 0; i < D; i++) A.set(i, i, A.get(i, i) + alpha);
  const Fty = Fm.transpose().mmul(MlMatrix.columnVector(y));
  const m = solve(A, Fty).mul(beta);
  const r = Fm.mmul(m).sub(MlMatrix.columnVector(y));
  const rr = r.to1DArray().reduce((s, v) => s + v * v, 0);
  const mm = m.to1DArray().reduce((s, v) => s + v * v, 0);
  return (
    (D / 2) * Math.log(alpha) +
    (N / 2) * Math.log(beta) -
    (N / 2) * Math.log(2 * Math.PI) -
    (beta / 2) * rr -
    (alpha / 2) * mm -
    0.5 * Math.log(determinant(A))
  );
}

function randomRows(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

describe("logME", () => {
  for (const [N, D] of [
    [14, 3],
    [8, 12],
  ] as const) {
    it(`the fixed point is the evidence maximum on a grid (N = ${N}, D = ${D})`, () => {
      // D > N exercises the zero eigenvalues' log alpha terms. A constant column and a column that
      // follows the label give the evidence a finite maximum (see the next test for the other case).
      const labels = Int32Array.from({ length: N }, (_, i) => (i % 3 === 0 ? 1 : 0));
      const rows = randomRows(N, D, N + D).map((r, i) => [
        1,
        labels[i]! + 0.3 * r[0]!,
        ...r.slice(2).map((v) => 0.3 * v),
      ]);
      const res = logME(fromRows(rows), labels);
      for (let c = 0; c < 2; c++) {
        const y = Array.from(labels, (l) => (l === c ? 1 : 0));
        const { alpha, beta, evidence } = res.perClass[c]!;
        expect(Number.isFinite(alpha)).toBe(true);
        const atFixed = directEvidence(rows, y, alpha, beta);
        expect(evidence * N).toBeCloseTo(atFixed, 8);
        for (const a of [-1, -0.3, -0.05, 0, 0.05, 0.3, 1]) {
          for (const b of [-1, -0.3, -0.05, 0, 0.05, 0.3, 1]) {
            if (a === 0 && b === 0) continue;
            expect(directEvidence(rows, y, alpha * Math.exp(a), beta * Math.exp(b))).toBeLessThan(
              atFixed + 1e-9,
            );
          }
        }
      }
      // LogME is the mean over the one-hot columns of evidence / N.
      expect(res.value).toBeCloseTo((res.perClass[0]!.evidence + res.perClass[1]!.evidence) / 2, 14);
    });
  }

  it("returns the noise-only limit when the evidence rises without bound in alpha", () => {
    // Two alternating-sign columns are (nearly) orthogonal to the one-hot column y of class 0
    // (rows 1, 2, 4, 5, 7, 8, 10, 11): F'y = (0.1, 0). Without a bias term nothing can be fitted, so
    // the evidence increases towards alpha = infinity (the 1/alpha term of L is
    // beta/2 (beta sum sigma x^2 - sum sigma) < 0 with beta = N/|y|^2), whose limit is the
    // noise-only model: beta = N / |y|^2 and L / N = (log beta - log 2 pi - 1) / 2.
    const N = 12;
    const rows = Array.from({ length: N }, (_, i) => [
      (-1) ** i + (i === 1 ? 0.1 : 0),
      (-1) ** Math.floor(i / 2),
    ]);
    const labels = Int32Array.from({ length: N }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const res = logME(fromRows(rows), labels);
    const fit = res.perClass[0]!; // class 0: |y|^2 = 8
    expect(fit.alpha).toBe(Number.POSITIVE_INFINITY);
    expect(fit.evidence).toBeCloseTo((Math.log(12 / 8) - Math.log(2 * Math.PI) - 1) / 2, 12);
    const y = Array.from(labels, (l) => (l === 0 ? 1 : 0));
    // Every finite (alpha, beta) on a wide grid stays below the limit.
    for (const a of [1e-3, 1e-1, 1, 10, 1e3, 1e6]) {
      for (const b of [0.1, 0.5, 1.5, 5])
        expect(directEvidence(rows, y, a, b) / N).toBeLessThan(fit.evidence);
    }
  });

  it("is higher for features that separate the classes than for random ones", () => {
    const rng = createRng(21);
    const N = 150;
    const labels = Int32Array.from({ length: N }, (_, i) => i % 3);
    const good: number[][] = [];
    const random: number[][] = [];
    for (let i = 0; i < N; i++) {
      good.push([0, 1, 2, 3, 4].map((j) => (j === labels[i] ? 3 : 0) + rng.normal()));
      random.push([0, 1, 2, 3, 4].map(() => rng.normal()));
    }
    expect(logME(fromRows(good), labels).value).toBeGreaterThan(logME(fromRows(random), labels).value + 0.1);
  });

  it("is invariant to reordering the rows", () => {
    const rows = randomRows(30, 4, 2);
    const labels = Int32Array.from({ length: 30 }, (_, i) => i % 2);
    const order = createRngOrder(30, 8);
    const a = logME(fromRows(rows), labels).value;
    const b = logME(
      fromRows(order.map((i) => rows[i]!)),
      Int32Array.from(order, (i) => labels[i]!),
    ).value;
    expect(b).toBeCloseTo(a, 10);
  });

  it("rejects bad input", () => {
    const X: Matrix = fromRows(randomRows(6, 2, 1));
    expect(() => logME(X, Int32Array.of(0, 1, 0, 1, 0))).toThrow(/does not match/);
    expect(() => logME(X, Int32Array.of(0, 0, 0, 0, 0, 0))).toThrow(/single class/);
    expect(() => logME(X, Int32Array.of(0, 0, 0, 0, 0, 1))).toThrow(/class 1 has 1 sample/);
    expect(() => logME(fromRows([[1], [Number.POSITIVE_INFINITY]]), Int32Array.of(0, 1))).toThrow(
      /non-finite/,
    );
  });
});

function createRngOrder(n: number, seed: number): number[] {
  const rng = createRng(seed);
  const o = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [o[i], o[j]] = [o[j]!, o[i]!];
  }
  return o;
}
