import { describe, expect, it } from "vitest";
import { permutationPValue, summarizeNull } from "./permutation";
import { createRng } from "./rng";

describe("permutationPValue", () => {
  it("counts the observed labelling as one permutation", () => {
    // Null {1, 5, 7, 2} against observed 5: two values are >= 5, so p = (1 + 2) / (1 + 4) = 0.6.
    expect(permutationPValue(5, [1, 5, 7, 2])).toBeCloseTo(0.6, 15);
    // Nothing as large: p = 1 / (1 + B), never 0.
    expect(permutationPValue(10, [1, 2, 3])).toBeCloseTo(0.25, 15);
  });

  it("is exact under exchangeability: P(p <= 0.05) = 0.05 with B = 19", () => {
    // When the observed statistic is exchangeable with the B null ones, its rank is uniform, and with
    // B = 19 p <= 0.05 exactly when it is the strict maximum: probability 1/20 (Phipson & Smyth 2010).
    // 4000 trials: binomial sd 0.0034, so ±0.012 is a 3.5-sd band.
    const rng = createRng(17);
    let rejected = 0;
    const trials = 4000;
    for (let t = 0; t < trials; t++) {
      const draws = Array.from({ length: 20 }, () => rng.normal());
      if (permutationPValue(draws[0]!, draws.slice(1)) <= 0.05) rejected++;
    }
    expect(Math.abs(rejected / trials - 0.05)).toBeLessThan(0.012);
  });

  it("rejects non-finite statistics and an empty null", () => {
    expect(() => permutationPValue(Number.NaN, [1])).toThrow(/observed statistic is NaN/);
    expect(() => permutationPValue(1, [])).toThrow(/no permutation statistics/);
    expect(() => permutationPValue(1, [1, Number.POSITIVE_INFINITY])).toThrow(
      /permutation statistic 1 is Infinity/,
    );
  });
});

describe("summarizeNull", () => {
  it("gives mean, sample sd and type-7 95th percentile worked by hand", () => {
    // {1,...,5}: mean 3; Σ(x-3)² = 10, sd = sqrt(10/4); 95th percentile h = 4 * 0.95 = 3.8 → 4.8.
    const s = summarizeNull([5, 1, 4, 2, 3]);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 15);
    expect(s.quantile95).toBeCloseTo(4.8, 14);
  });
});
