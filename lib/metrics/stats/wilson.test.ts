import { describe, expect, it } from "vitest";
import { newcombeDifference, wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  // Newcombe (1998a), "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score, no correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i/%i → %f to %f (Newcombe 1998, Table I)", (x, n, lo, hi) => {
    const ci = wilsonInterval(x, n);
    expect(ci.lower).toBeCloseTo(lo, 4);
    expect(ci.upper).toBeCloseTo(hi, 4);
    expect(ci.estimate).toBeCloseTo(x / n, 15);
  });
  it("is symmetric: x/n and (n−x)/n mirror each other around 1/2", () => {
    const a = wilsonInterval(3, 17);
    const b = wilsonInterval(14, 17);
    expect(a.lower).toBeCloseTo(1 - b.upper, 14);
    expect(a.upper).toBeCloseTo(1 - b.lower, 14);
  });
  it("throws on n = 0, x > n and non-integers", () => {
    expect(() => wilsonInterval(0, 0)).toThrow(/n: must be > 0/);
    expect(() => wilsonInterval(5, 4)).toThrow(/exceeds n/);
    expect(() => wilsonInterval(1.5, 4)).toThrow(/successes/);
  });
});

describe("newcombeDifference", () => {
  // Newcombe (1998b), Statistics in Medicine 17:873-890, Table II, example (a) 56/70 − 48/80,
  // method 10 (score interval from Wilson limits): 0.0524 to 0.3339.
  it("56/70 − 48/80 → 0.0524 to 0.3339 (Newcombe 1998b, Table II)", () => {
    const d = newcombeDifference(56, 70, 48, 80);
    expect(d.estimate).toBeCloseTo(0.2, 12);
    expect(d.lower).toBeCloseTo(0.0524, 4);
    expect(d.upper).toBeCloseTo(0.3339, 4);
  });
});
