import { describe, expect, it } from "vitest";
import { fromRows, type Matrix } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { crossValPredict } from "./crossval";
import { accuracy } from "./scores";

function data(
  n: number,
  d: number,
  C: number,
  spread: number,
  seed: number,
  randomLabels = false,
): { X: Matrix; y: Int32Array } {
  const rng = createRng(seed);
  const centres = Array.from({ length: C }, () => Array.from({ length: d }, () => rng.normal() * spread));
  const y = new Int32Array(n);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = i % C;
    y[i] = randomLabels ? rng.int(C) : c;
    rows.push(centres[c]!.map((m) => m + rng.normal()));
  }
  return { X: fromRows(rows), y };
}

describe("crossValPredict", () => {
  it("linearly separable classes are predicted ~100%", () => {
    // Centres drawn with spread 10 in 4-D sit tens of noise sd apart: separable by construction.
    const { X, y } = data(90, 4, 3, 10, 1);
    const r = crossValPredict(X, y, { seed: 3 });
    expect(r.classes).toBe(3);
    expect(r.folds).toBe(5);
    expect(accuracy(y, r.predicted)).toBeGreaterThanOrEqual(0.99);
  });

  it("labels independent of the features give chance accuracy", () => {
    // Chance is 1/3; with N = 300 the sd of an accuracy is sqrt(1/3 * 2/3 / 300) = 0.027: allow ~4 sd.
    const { X, y } = data(300, 10, 3, 1, 2, true);
    const acc = accuracy(y, crossValPredict(X, y, { seed: 5 }).predicted);
    expect(acc).toBeGreaterThan(0.2);
    expect(acc).toBeLessThan(0.45);
  });

  it("returns out-of-fold probabilities that sum to 1 and is deterministic for a seed", () => {
    const { X, y } = data(40, 3, 2, 1, 4);
    const a = crossValPredict(X, y, { seed: 9, folds: 4 });
    const b = crossValPredict(X, y, { seed: 9, folds: 4 });
    expect(Array.from(a.proba)).toEqual(Array.from(b.proba));
    for (let i = 0; i < 40; i++) expect(a.proba[2 * i]! + a.proba[2 * i + 1]!).toBeCloseTo(1, 12);
  });

  it("rejects bad input", () => {
    const { X, y } = data(20, 2, 2, 1, 4);
    expect(() => crossValPredict(X, y.subarray(0, 19))).toThrow(/does not match/);
    expect(() => crossValPredict(X, new Int32Array(20))).toThrow(/single class/);
    const y1 = Int32Array.from(y);
    y1[0] = 2; // class 2 with a single sample
    expect(() => crossValPredict(X, y1)).toThrow(/class 2 has 1 sample/);
    expect(() => crossValPredict(X, y, { folds: 1 })).toThrow(/folds/);
  });
});
