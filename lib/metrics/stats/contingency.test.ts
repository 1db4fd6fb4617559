import { describe, expect, it } from "vitest";
import { chiSquareTest, fisherExact2x2, ratioOfProportions, twoByTwoTest } from "./contingency";

describe("chiSquareTest", () => {
  it("2x3 table worked by hand", () => {
    // rows (source, target) = [20, 30, 50] and [30, 30, 40]; row totals 100, 100; column totals
    // 50, 60, 90; N = 200. Expected in each row: 25, 30, 45.
    // X² = 2·(5²/25) + 2·(0/30) + 2·(5²/45) = 2 + 10/9 = 3.1111; df = (2−1)(3−1) = 2;
    // p = e^{−X²/2} (χ² with 2 df) = e^{−1.5556} = 0.21107.
    const r = chiSquareTest([
      [20, 30, 50],
      [30, 30, 40],
    ]);
    expect(r.statistic).toBeCloseTo(2 + 10 / 9, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-(2 + 10 / 9) / 2), 12);
    expect(r.expected[0]).toEqual([25, 30, 45]);
    expect(r.minExpected).toBe(25);
    expect(r.cellsBelow5).toBe(0);
  });
  it("drops all-zero columns and reduces df", () => {
    const r = chiSquareTest([
      [20, 0, 30, 50],
      [30, 0, 30, 40],
    ]);
    expect(r.droppedColumns).toEqual([1]);
    expect(r.df).toBe(2);
    expect(r.statistic).toBeCloseTo(2 + 10 / 9, 12);
  });
  it("throws on ragged, negative, or single-column tables", () => {
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(/row 1 has 1 cells/);
    expect(() =>
      chiSquareTest([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(/cell \[0\]\[1\]/);
    expect(() => chiSquareTest([[1], [3]])).toThrow(/at least 2 columns/);
  });
});

describe("fisherExact2x2", () => {
  it("tea tasting 3,1 / 1,3 → 0.4857 (Fisher 1935; exact: (1+16+16+1)/70 = 34/70)", () => {
    // Hypergeometric with margins 4,4,4: P(x) = C(4,x)C(4,4−x)/70 = 1,16,36,16,1 over 70 for x = 0..4.
    // Tables as or less likely than x = 3 (16/70): x = 0, 1, 3, 4. The tie at x = 1 needs the
    // relative tolerance.
    expect(fisherExact2x2(3, 1, 1, 3).pValue).toBeCloseTo(34 / 70, 12);
  });
  it("1,9 / 11,3 → 0.002759 (Wikipedia 'Fisher's exact test' worked example, = R fisher.test)", () => {
    expect(fisherExact2x2(1, 9, 11, 3).pValue).toBeCloseTo(0.002759, 6);
  });
  it("is 1 for a table at its most probable configuration with symmetric margins", () => {
    // margins 2,2,2 → P(x) = 1,4,1 over 6; x = 1 is the mode so every table counts.
    expect(fisherExact2x2(1, 1, 1, 1).pValue).toBeCloseTo(1, 12);
  });
});

describe("twoByTwoTest", () => {
  it("uses chi-square when every expected count is ≥ 5, Fisher otherwise", () => {
    // [[30, 70], [50, 50]]: E = 40, 60, 40, 60; X² = 100/40·2 + 100/60·2 = 8.3333.
    const big = twoByTwoTest(30, 70, 50, 50);
    expect(big.method).toBe("chi-square");
    expect(big.statistic).toBeCloseTo(5 + 10 / 3, 12);
    const small = twoByTwoTest(3, 1, 1, 3);
    expect(small.method).toBe("fisher");
    expect(small.pValue).toBeCloseTo(34 / 70, 12);
  });
});

describe("ratioOfProportions", () => {
  it("Katz log interval worked by hand", () => {
    // 20/100 vs 40/100: RR = 0.5; se = √(1/20 − 1/100 + 1/40 − 1/100) = √0.055 = 0.234521;
    // 95 %: 0.5 · e^{±1.959964·0.234521} = 0.31576 to 0.79174.
    const r = ratioOfProportions(20, 100, 40, 100);
    expect(r.estimate).toBeCloseTo(0.5, 14);
    expect(r.lower).toBeCloseTo(0.5 * Math.exp(-1.959963984540054 * Math.sqrt(0.055)), 10);
    expect(r.lower).toBeCloseTo(0.31576, 4);
    expect(r.upper).toBeCloseTo(0.79174, 4);
  });
  it("has no interval when the numerator count is zero, and throws when the reference is zero", () => {
    expect(ratioOfProportions(0, 10, 3, 10)).toEqual({ estimate: 0, lower: null, upper: null });
    expect(() => ratioOfProportions(3, 10, 0, 10)).toThrow(/x2/);
  });
});
