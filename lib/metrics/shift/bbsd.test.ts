import { describe, expect, it } from "vitest";
import { fromRows } from "@/lib/metrics/matrix";
import { bbsd } from "./bbsd";

describe("bbsd", () => {
  it("tests each class column with KS and Bonferroni-combines them (worked by hand)", () => {
    // Class 0: source {0.1, 0.2, 0.4} vs target {0.3, 0.5}: the ordering x x y x y of the KS example
    // in stats/ks.test.ts, D = 2/3, exact p = 6/10. Class 2 is constant 0.1 in both: D = 0, p = 1.
    // Class 1 = 0.9 - class 0 reverses the order (y x y x x): D = 2/3, p = 0.6 again.
    // min p = 0.6, Bonferroni min(1, 3 × 0.6) = 1, no rejection.
    const source = fromRows([
      [0.1, 0.8, 0.1],
      [0.2, 0.7, 0.1],
      [0.4, 0.5, 0.1],
    ]);
    const target = fromRows([
      [0.3, 0.6, 0.1],
      [0.5, 0.4, 0.1],
    ]);
    const r = bbsd(source, target);
    expect(r.k).toBe(3);
    expect(r.tests.map((t) => t.statistic)).toEqual([
      expect.closeTo(2 / 3, 14),
      expect.closeTo(2 / 3, 14),
      0,
    ]);
    expect(r.tests.map((t) => t.pValue)).toEqual([expect.closeTo(0.6, 14), expect.closeTo(0.6, 14), 1]);
    expect(r.minPValue).toBeCloseTo(0.6, 14);
    expect(r.bonferroniPValue).toBe(1);
    expect(r.rejects).toBe(false);
  });

  it("rejects when one class is clearly shifted", () => {
    // 30 source rows with p0 in [0.05, 0.35) and 30 target rows with p0 in [0.65, 0.95): complete
    // separation, D = 1, exact p = 2 / C(60, 30) ≈ 1.7e-17; times k = 2 still far below 0.05.
    const src = Array.from({ length: 30 }, (_, i) => [0.05 + i / 100, 0.95 - i / 100]);
    const tgt = Array.from({ length: 30 }, (_, i) => [0.65 + i / 100, 0.35 - i / 100]);
    const r = bbsd(fromRows(src), fromRows(tgt));
    expect(r.tests[0]!.statistic).toBe(1);
    expect(r.rejects).toBe(true);
    expect(r.bonferroniPValue).toBeLessThan(1e-15);
  });

  it("validates probabilities", () => {
    const ok = fromRows([
      [0.5, 0.5],
      [0.2, 0.8],
    ]);
    expect(() => bbsd(fromRows([[1], [1]]), fromRows([[1], [1]]))).toThrow(/single class/);
    expect(() =>
      bbsd(
        ok,
        fromRows([
          [1.5, -0.5],
          [0.5, 0.5],
        ]),
      ),
    ).toThrow(/targetProbs row 0, class 0 is 1.5/);
    expect(() =>
      bbsd(
        fromRows([
          [0.3, 0.3],
          [0.5, 0.5],
        ]),
        ok,
      ),
    ).toThrow(/sourceProbs row 0 sums to 0.6/);
    expect(() => bbsd(ok, fromRows([[0.5, 0.5]]))).toThrow(/targetProbs needs at least 2 rows/);
    expect(() =>
      bbsd(
        ok,
        fromRows([
          [0.5, 0.25, 0.25],
          [1, 0, 0],
        ]),
      ),
    ).toThrow(/sourceProbs has 2 columns/);
  });
});
