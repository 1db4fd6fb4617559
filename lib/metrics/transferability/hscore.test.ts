import { Matrix as MlMatrix, pseudoInverse } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { fromRows } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { hScore } from "./hscore";

function randomRows(n: number, d: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal()));
}

/** Reference: the authors' formula with ml-matrix's SVD-based pseudo-inverse. */
function referenceH(rows: number[][], labels: Int32Array): number {
  const n = rows.length;
  const d = rows[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const classes = Math.max(...labels) + 1;
  const cm = Array.from({ length: classes }, (_, c) => {
    const members = rows.filter((_, i) => labels[i] === c);
    return Array.from({ length: d }, (_, j) => members.reduce((s, r) => s + r[j]!, 0) / members.length);
  });
  const cov = (R: number[][]) => {
    const Z = new MlMatrix(R.map((r) => r.map((v, j) => v - mean[j]!)));
    return Z.transpose()
      .mmul(Z)
      .div(n - 1);
  };
  const covF = cov(rows);
  const covG = cov(rows.map((_, i) => cm[labels[i]!]!));
  return pseudoInverse(covF).mmul(covG).trace();
}

describe("hScore", () => {
  it("hand-worked 1-D case: between-class variance over total variance", () => {
    // x = 0, 1, 2 | 4, 5, 6: mean 3, total sum of squares 9+4+1+1+4+9 = 28,
    // between-class 3 (1-3)^2 + 3 (5-3)^2 = 24, so H = 24 / 28 = 6/7.
    const h = hScore(fromRows([[0], [1], [2], [4], [5], [6]]), Int32Array.of(0, 0, 0, 1, 1, 1));
    expect(h.value).toBeCloseTo(6 / 7, 12);
    expect(h.rank).toBe(1);
  });

  it("matches the pseudo-inverse formula computed with ml-matrix", () => {
    const rows = randomRows(40, 5, 3).map((r, i) => r.map((v, j) => v + (j === i % 3 ? 1.5 : 0)));
    const labels = Int32Array.from({ length: 40 }, (_, i) => i % 3);
    expect(hScore(fromRows(rows), labels).value).toBeCloseTo(referenceH(rows, labels), 9);
  });

  it("is ~0 for features independent of the labels and never above C - 1", () => {
    // Under independence E[H] ~ d (C - 1) / N = 5 * 2 / 600 ~ 0.017 (the between-class covariance
    // of pure noise); H <= C - 1 always since cov(f) = within + between.
    const rows = randomRows(600, 5, 9);
    const labels = Int32Array.from({ length: 600 }, (_, i) => i % 3);
    const h = hScore(fromRows(rows), labels).value;
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBeLessThan(0.06);
    const sep = rows.map((r, i) => r.map((v, j) => v + (j === labels[i] ? 8 : 0)));
    const hs = hScore(fromRows(sep), labels).value;
    expect(hs).toBeGreaterThan(1.8);
    expect(hs).toBeLessThanOrEqual(2 + 1e-12);
  });

  it("equals C - 1 when N <= d (the sample-side formula)", () => {
    // Centred Z of rank N - 1 projects onto the complement of the all-ones vector, so
    // H = sum_c (n_c - n_c^2 / N) / n_c = C - 1 whatever the features.
    const rows = randomRows(7, 12, 4);
    const labels = Int32Array.of(0, 0, 1, 1, 1, 2, 2);
    expect(hScore(fromRows(rows), labels).value).toBeCloseTo(2, 10);
  });

  it("is invariant to row order and rejects NaN", () => {
    const rows = randomRows(30, 3, 6);
    const labels = Int32Array.from({ length: 30 }, (_, i) => i % 2);
    const order = Array.from({ length: 30 }, (_, i) => (i * 7) % 30);
    const a = hScore(fromRows(rows), labels).value;
    const b = hScore(
      fromRows(order.map((i) => rows[i]!)),
      Int32Array.from(order, (i) => labels[i]!),
    ).value;
    expect(b).toBeCloseTo(a, 10);
    expect(() => hScore(fromRows([[0], [Number.NaN]]), Int32Array.of(0, 1))).toThrow(/non-finite/);
  });
});
