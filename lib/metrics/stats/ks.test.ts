import { describe, expect, it } from "vitest";
import { kolmogorovSurvival, ksAsymptoticPValue, ksExactPValue, ksTwoSample } from "./ks";
import { createRng, shuffleInPlace } from "./rng";

/** ln C(a, b) by summing logs (exact enough for a <= 400). */
function logChoose(a: number, b: number): number {
  let s = 0;
  for (let i = 1; i <= b; i++) s += Math.log(a - b + i) - Math.log(i);
  return s;
}

describe("ksTwoSample: statistic and exact p-value worked by hand", () => {
  it("x = {1,2,4}, y = {3,5}: D = 2/3, p = 0.6", () => {
    // ECDF gap after 1, 2, 3, 4, 5: |1/3-0|, |2/3-0|, |2/3-1/2|, |1-1/2|, 0 → D = 2/3.
    // Exact p: the 10 equally likely placements of the two y's among 5 sorted positions; in integer
    // form D·n·m = |2i - 3j| along the path, D = 2/3 ⇔ 4. Positions of y (1-based) reaching 4 or more:
    // (1,2) yyxxx: 6; (1,3) yxyxx: |2-6| = 4; (2,3) xyyxx: |2-6| = 4; (3,4), (3,5), (4,5): xx first
    // gives |4-0| = 4. Not reaching it: (1,4) max 3, (1,5) max 3, (2,4) max 2, (2,5) max 3.
    // So p = 6/10. (scipy.stats.ks_2samp([1,2,4],[3,5]) uses the same exact null for these sizes.)
    const r = ksTwoSample([1, 2, 4], [3, 5]);
    expect(r.statistic).toBeCloseTo(2 / 3, 15);
    expect(r.pValue).toBeCloseTo(0.6, 14);
    expect(r.method).toBe("exact");
  });

  it("complete separation of 3 vs 2 points: D = 1, p = 2/10", () => {
    // D = 1 only for xxxyy or yyxxx: 2 of the C(5,2) = 10 orderings.
    const r = ksTwoSample([1, 2, 3], [4, 5]);
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBeCloseTo(0.2, 14);
  });

  it("evaluates the ECDFs only after whole blocks of ties", () => {
    // x = {1,1,2}, y = {1,2,2}: at t = 1, F_x = 2/3 and F_y = 1/3; at t = 2 both are 1. D = 1/3.
    // Stepping through the pooled values one at a time would wrongly see |2/3 - 0| first.
    expect(ksTwoSample([1, 1, 2], [1, 2, 2]).statistic).toBeCloseTo(1 / 3, 15);
  });

  it("identical samples give D = 0 and p = 1", () => {
    const r = ksTwoSample([3, 1, 2], [2, 3, 1]);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
  });
});

describe("ksExactPValue against the Gnedenko-Korolyuk formula", () => {
  it.each([10, 20, 60])("n = m = %i, every k", (n) => {
    // For equal sizes, P(D >= k/n) = 2 Σ_{j>=1} (-1)^{j-1} C(2n, n - jk) / C(2n, n)
    // (Gnedenko & Korolyuk 1951, also derived in Hodges 1957): an independent closed form.
    for (let k = 1; k <= n; k++) {
      let want = 0;
      for (let j = 1; j * k <= n; j++) {
        want += (j % 2 === 1 ? 2 : -2) * Math.exp(logChoose(2 * n, n - j * k) - logChoose(2 * n, n));
      }
      const got = ksExactPValue(n, n, k * n);
      expect(Math.abs(got - Math.min(1, want))).toBeLessThan(1e-12 + 1e-10 * want);
    }
  });
});

describe("ksExactPValue against full enumeration", () => {
  it.each([
    [5, 7],
    [8, 3],
    [6, 6],
  ])("n = %i, m = %i: every attainable statistic", (n, m) => {
    // Enumerate all C(n+m, n) orderings of x's and y's (bitmasks with n ones), compute each
    // ordering's max |i m - j n| along its path, and count those at or above each threshold.
    const maxima: number[] = [];
    for (let mask = 0; mask < 1 << (n + m); mask++) {
      let ones = 0;
      for (let b = 0; b < n + m; b++) ones += (mask >> b) & 1;
      if (ones !== n) continue;
      let i = 0;
      let j = 0;
      let best = 0;
      for (let b = 0; b < n + m; b++) {
        if ((mask >> b) & 1) i++;
        else j++;
        best = Math.max(best, Math.abs(i * m - j * n));
      }
      maxima.push(best);
    }
    for (const dInt of new Set(maxima)) {
      const want = maxima.filter((v) => v >= dInt).length / maxima.length;
      expect(ksExactPValue(n, m, dInt)).toBeCloseTo(want, 13);
    }
  });
});

describe("kolmogorovSurvival", () => {
  it("reproduces the tabulated critical values of the Kolmogorov distribution", () => {
    // Quantiles of K (Smirnov 1948, "Table for estimating the goodness of fit of empirical
    // distributions", Ann. Math. Statist. 19): P(K > 1.22385) = 0.10, 1.35810 → 0.05, 1.62762 → 0.01, 1.94947 → 0.001.
    expect(kolmogorovSurvival(1.22385)).toBeCloseTo(0.1, 5);
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 5);
    expect(kolmogorovSurvival(1.62762)).toBeCloseTo(0.01, 5);
    expect(kolmogorovSurvival(1.94947)).toBeCloseTo(0.001, 5);
  });

  it("the two series agree where they switch (lambda = 1.18)", () => {
    // Both are exact expressions of the same function; evaluate the theta form just above the switch
    // by hand: 1 - sqrt(2π)/λ Σ exp(-(2k-1)²π²/(8λ²)), against the alternating series just below.
    const lambda = 1.18;
    let theta = 0;
    for (let k = 1; k <= 10; k++) theta += Math.exp((-((2 * k - 1) ** 2) * Math.PI ** 2) / (8 * lambda ** 2));
    const fromTheta = 1 - (Math.sqrt(2 * Math.PI) / lambda) * theta;
    expect(kolmogorovSurvival(lambda)).toBeCloseTo(fromTheta, 13);
    expect(kolmogorovSurvival(lambda - 1e-12)).toBeCloseTo(fromTheta, 10);
  });

  it("is 1 at 0 and decreasing", () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    let prev = 1;
    for (let x = 0.2; x < 3; x += 0.2) {
      const q = kolmogorovSurvival(x);
      expect(q).toBeLessThanOrEqual(prev);
      prev = q;
    }
  });
});

describe("asymptotic vs exact", () => {
  it("agree to about 0.005 at n = 300, m = 200 across the range of D", () => {
    // Stephens' correction makes the limit law accurate at moderate n (Numerical Recipes §14.3):
    // compare with the exact recursion at the same integer statistic.
    const n = 300;
    const m = 200;
    for (const d of [0.08, 0.1, 0.12, 0.15, 0.2]) {
      const dInt = Math.ceil(d * n * m);
      const exact = ksExactPValue(n, m, dInt);
      const asym = ksAsymptoticPValue(n, m, dInt / (n * m));
      expect(Math.abs(exact - asym)).toBeLessThan(0.005);
    }
  });
});

describe("invariances and validation", () => {
  it("does not depend on the order of the values, and is symmetric in x and y", () => {
    const rng = createRng(3);
    const x = Array.from({ length: 40 }, () => rng.normal());
    const y = Array.from({ length: 30 }, () => rng.normal() + 0.5);
    const a = ksTwoSample(x, y);
    const b = ksTwoSample(shuffleInPlace([...x], rng), shuffleInPlace([...y], rng));
    const c = ksTwoSample(y, x);
    expect(b).toEqual(a);
    expect(c.statistic).toBe(a.statistic);
    expect(c.pValue).toBeCloseTo(a.pValue, 14);
  });

  it("throws on empty or non-finite input", () => {
    expect(() => ksTwoSample([], [1])).toThrow(/x is empty/);
    expect(() => ksTwoSample([1], [])).toThrow(/y is empty/);
    expect(() => ksTwoSample([1, Number.NaN], [1])).toThrow(/x has a non-finite value at index 1/);
    expect(() => ksTwoSample([1], [Number.POSITIVE_INFINITY])).toThrow(/y has a non-finite/);
  });
});
