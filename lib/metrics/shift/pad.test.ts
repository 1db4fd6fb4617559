import { describe, expect, it } from "vitest";
import { fromRows, type Matrix } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { proxyADistance } from "./pad";

function gaussian(n: number, d: number, shift: number, seed: number): Matrix {
  const rng = createRng(seed);
  return fromRows(Array.from({ length: n }, () => Array.from({ length: d }, () => shift + rng.normal())));
}

describe("proxyADistance", () => {
  it("is ~0 with error ~0.5 and AUC ~0.5 for two samples of one distribution", () => {
    // With 2 x 150 rows the error has sd ~ sqrt(0.25 / 300) = 0.029, so PAD = 2 (1 - 2 eps) has
    // sd ~ 0.12 and the AUC sd ~ 0.033: bounds of about 4 sd.
    const r = proxyADistance(gaussian(150, 4, 0, 1), gaussian(150, 4, 0, 2), { seed: 3 });
    expect(Math.abs(r.pad)).toBeLessThan(0.5);
    expect(Math.abs(r.error - 0.5)).toBeLessThan(0.125);
    expect(Math.abs(r.auc - 0.5)).toBeLessThan(0.15);
    expect(r.low).toBeLessThan(r.pad);
    expect(r.high).toBeGreaterThan(r.pad);
  });

  it("is 2 with AUC 1 for linearly separable samples", () => {
    // Means 0 and 20 in each of 4 dimensions with unit noise: separable by a wide margin.
    const r = proxyADistance(gaussian(100, 4, 0, 1), gaussian(100, 4, 20, 2), { seed: 3 });
    expect(r.error).toBe(0);
    expect(r.pad).toBe(2);
    expect(r.auc).toBe(1);
  });

  it("balances the two sides and caps them at maxSamples", () => {
    const a = proxyADistance(gaussian(120, 3, 0, 1), gaussian(40, 3, 1, 2));
    expect([a.n, a.m, a.sourceRows, a.targetRows]).toEqual([40, 40, 120, 40]);
    const b = proxyADistance(gaussian(120, 3, 0, 1), gaussian(90, 3, 1, 2), { maxSamples: 25 });
    expect([b.n, b.m]).toEqual([25, 25]);
    // pad = 2 (1 - 2 error) exactly.
    expect(b.pad).toBeCloseTo(2 * (1 - 2 * b.error), 15);
  });

  it("rejects bad input", () => {
    expect(() => proxyADistance(gaussian(10, 3, 0, 1), gaussian(10, 2, 0, 2))).toThrow(
      /3 columns, target has 2/,
    );
    expect(() => proxyADistance(fromRows([[0], [Number.NaN]]), gaussian(10, 1, 0, 2))).toThrow(
      /source: non-finite/,
    );
    expect(() => proxyADistance(gaussian(1, 2, 0, 1), gaussian(10, 2, 0, 2))).toThrow(/1 row/);
  });
});
