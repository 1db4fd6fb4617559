import { describe, expect, it } from "vitest";
import { percentileInterval, twoSidedZ, wilsonInterval } from "./interval";

describe("intervals", () => {
  it("normal quantiles match the standard table", () => {
    // Standard normal table: 1.959964 (95%), 2.575829 (99%), 1.644854 (90%).
    expect(twoSidedZ(0.95)).toBeCloseTo(1.959964, 5);
    expect(twoSidedZ(0.99)).toBeCloseTo(2.575829, 5);
    expect(twoSidedZ(0.9)).toBeCloseTo(1.644854, 5);
  });
  it("Wilson interval for 8 of 10", () => {
    // By hand with z = 1.959964: p = 0.8, centre = 0.8 + z^2/20 = 0.992073,
    // half = z sqrt(0.016 + z^2/400) = z * 0.160011 = 0.313616, denominator 1 + z^2/10 = 1.384146:
    // ((0.992073 - 0.313616) / 1.384146, (0.992073 + 0.313616) / 1.384146) = (0.490162, 0.943318).
    const { low, high } = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.490162, 5);
    expect(high).toBeCloseTo(0.943318, 5);
  });
  it("Wilson interval stays inside [0, 1] at the edges", () => {
    // x = 0: low = 0 exactly, high = z^2 / (n + z^2) = 3.8415 / 23.8415 = 0.16113 for n = 20.
    const a = wilsonInterval(0, 20);
    expect(a.low).toBe(0);
    expect(a.high).toBeCloseTo(3.841459 / 23.841459, 6);
  });
  it("percentile interval interpolates order statistics (type 7)", () => {
    // 0..100: the 2.5% point is at position 100 * 0.025 = 2.5, i.e. 2.5; the 97.5% point 97.5.
    const reps = Array.from({ length: 101 }, (_, i) => 100 - i);
    const { low, high } = percentileInterval(reps);
    expect(low).toBeCloseTo(2.5, 12);
    expect(high).toBeCloseTo(97.5, 12);
  });
  it("rejects bad input", () => {
    expect(() => wilsonInterval(3, 0)).toThrow(/n/);
    expect(() => wilsonInterval(5, 4)).toThrow(/successes/);
    expect(() => percentileInterval([1])).toThrow(/replicate/);
    expect(() => percentileInterval([1, Number.NaN])).toThrow(/non-finite/);
    expect(() => twoSidedZ(1)).toThrow(/level/);
  });
});
