import { describe, expect, it } from "vitest";
import { jensenShannon, totalVariation } from "./divergence";

describe("totalVariation", () => {
  it("hand-worked: p = (0.5, 0.3, 0.2), q = (0.2, 0.3, 0.5) → ½(0.3 + 0 + 0.3) = 0.3", () => {
    expect(totalVariation([0.5, 0.3, 0.2], [0.2, 0.3, 0.5])).toBeCloseTo(0.3, 15);
  });
  it("is 0 for equal and 1 for disjoint distributions (bounds of the definition)", () => {
    expect(totalVariation([0.25, 0.75], [0.25, 0.75])).toBe(0);
    expect(totalVariation([1, 0], [0, 1])).toBe(1);
  });
  it("throws on mismatched lengths, negative shares, or shares not summing to 1", () => {
    expect(() => totalVariation([1], [0.5, 0.5])).toThrow(/p has 1 entries but q has 2/);
    expect(() => totalVariation([1.5, -0.5], [0.5, 0.5])).toThrow(/p\[1\]/);
    expect(() => totalVariation([0.5, 0.4], [0.5, 0.5])).toThrow(/sum to 1/);
  });
});

describe("jensenShannon (base 2)", () => {
  it("hand-worked: p = (½, ½), q = (1, 0) → 1.5 − ¾ log₂3 = 0.311278", () => {
    // m = (¾, ¼). KL(p‖m) = ½ log₂(⅔) + ½ log₂2 = 1 − ½ log₂3; KL(q‖m) = log₂(4/3) = 2 − log₂3.
    // JS = ½(1 − ½ log₂3) + ½(2 − log₂3) = 1.5 − ¾ log₂3.
    expect(jensenShannon([0.5, 0.5], [1, 0])).toBeCloseTo(1.5 - 0.75 * Math.log2(3), 15);
    expect(jensenShannon([0.5, 0.5], [1, 0])).toBeCloseTo(0.311278, 6);
  });
  it("is symmetric, 0 for equal and 1 for disjoint distributions (Lin 1991: JS in [0, 1] with log₂)", () => {
    expect(jensenShannon([0.2, 0.8], [0.6, 0.4])).toBeCloseTo(jensenShannon([0.6, 0.4], [0.2, 0.8]), 15);
    expect(jensenShannon([0.3, 0.7], [0.3, 0.7])).toBe(0);
    expect(jensenShannon([0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5])).toBeCloseTo(1, 15);
  });
});
