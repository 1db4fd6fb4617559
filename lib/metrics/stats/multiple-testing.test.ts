import { describe, expect, it } from "vitest";
import { benjaminiHochberg, holm } from "./multiple-testing";

// Hand-worked: p = [0.01, 0.04, 0.03, 0.005], m = 4. Sorted: 0.005, 0.01, 0.03, 0.04 (ranks 1..4).
// BH: m/k·p = 0.02, 0.02, 0.04, 0.04; running minimum from the top: 0.02, 0.02, 0.04, 0.04
//     → in input order [0.02, 0.04, 0.04, 0.02].
// Holm: (m−k+1)·p = 0.02, 0.03, 0.06, 0.04; running maximum: 0.02, 0.03, 0.06, 0.06
//     → in input order [0.03, 0.06, 0.06, 0.02].
describe("multiple testing", () => {
  const p = [0.01, 0.04, 0.03, 0.005];
  it("Benjamini-Hochberg, worked by hand", () => {
    const adj = benjaminiHochberg(p);
    [0.02, 0.04, 0.04, 0.02].forEach((want, i) => {
      expect(adj[i]).toBeCloseTo(want, 14);
    });
  });
  it("Holm, worked by hand", () => {
    const adj = holm(p);
    [0.03, 0.06, 0.06, 0.02].forEach((want, i) => {
      expect(adj[i]).toBeCloseTo(want, 14);
    });
  });
  it("caps at 1 and keeps an empty family empty", () => {
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(holm([0.6, 0.7])).toEqual([1, 1]);
    expect(benjaminiHochberg([])).toEqual([]);
  });
  it("throws on values outside [0, 1]", () => {
    expect(() => benjaminiHochberg([0.1, 1.2])).toThrow(/p\[1\]/);
    expect(() => holm([Number.NaN])).toThrow(/p\[0\]/);
  });
});
