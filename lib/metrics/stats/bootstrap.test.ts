import { describe, expect, it } from "vitest";
import { fromRows, type Matrix, matrix } from "@/lib/metrics/matrix";
import { bootstrapCI, bootstrapCI2, quantileSorted } from "./bootstrap";
import { createRng } from "./rng";

function column(values: number[]): Matrix {
  return matrix(values.length, 1, Float64Array.from(values));
}
function normals(n: number, seed: number, mu = 0): Matrix {
  const rng = createRng(seed);
  return column(Array.from({ length: n }, () => mu + rng.normal()));
}
const mean = (m: Matrix) => {
  let s = 0;
  for (let i = 0; i < m.rows; i++) s += m.data[i]!;
  return s / m.rows;
};
/** Plug-in standard deviation (divides by n), the spread the bootstrap of the mean reproduces (Efron & Tibshirani 1993, ch. 5-6). */
const plugInSd = (m: Matrix) => {
  const mu = mean(m);
  let ss = 0;
  for (let i = 0; i < m.rows; i++) ss += (m.data[i]! - mu) ** 2;
  return Math.sqrt(ss / m.rows);
};

describe("quantileSorted", () => {
  it("interpolates linearly between order statistics (Hyndman & Fan type 7)", () => {
    // h = (5 - 1) q: q = 0.95 → h = 3.8 → 4 + 0.8 (5 - 4) = 4.8; q = 0.5 → the middle value 3.
    expect(quantileSorted([1, 2, 3, 4, 5], 0.95)).toBeCloseTo(4.8, 14);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(() => quantileSorted([], 0.5)).toThrow(/no values/);
  });
});

describe("bootstrapCI", () => {
  it("puts the interval at the support edges of a two-point sample", () => {
    // Sample {0, 1}: the bootstrap mean is 0, 1/2 or 1 with probabilities 1/4, 1/2, 1/4, so the
    // 2.5% and 97.5% quantiles of the replicates are 0 and 1 (each end has ~25% mass, far above 2.5%).
    const r = bootstrapCI(column([0, 1]), mean, { B: 2000, seed: 3 });
    expect(r).toMatchObject({ estimate: 0.5, low: 0, high: 1, level: 0.95, B: 2000, seed: 3 });
  });

  it("approaches the normal-theory interval for the mean of a large sample", () => {
    // For n = 400 the bootstrap distribution of the mean is close to N(x̄, s²/n) with s the plug-in
    // sd, so the 95% percentile interval is about x̄ ± 1.96 s/√n. Monte-Carlo error of the
    // quantiles with B = 4000 is about 3% of the half-width; allow 10%.
    const x = normals(400, 11, 2);
    const r = bootstrapCI(x, mean, { B: 4000, seed: 5 });
    const half = (1.96 * plugInSd(x)) / Math.sqrt(400);
    expect(r.estimate).toBeCloseTo(mean(x), 14);
    expect(Math.abs(r.high - r.estimate - half) / half).toBeLessThan(0.1);
    expect(Math.abs(r.estimate - r.low - half) / half).toBeLessThan(0.1);
  });

  it("covers the true mean at close to the nominal rate", () => {
    // 200 samples of n = 50 from N(0, 1): a 95% interval should cover 0 about 95% of the time (the
    // percentile interval runs a little short at n = 50, about 94%). A binomial 99.9% band around
    // 0.94 with 200 trials is about ±0.055.
    let covered = 0;
    const reps = 200;
    for (let r = 0; r < reps; r++) {
      const ci = bootstrapCI(normals(50, 1000 + r), mean, { B: 250, seed: r });
      if (ci.low <= 0 && 0 <= ci.high) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.885);
    expect(covered / reps).toBeLessThan(0.995);
  });

  it("is reproducible for a seed and changes with it", () => {
    const x = normals(30, 2);
    expect(bootstrapCI(x, mean, { B: 200, seed: 9 })).toEqual(bootstrapCI(x, mean, { B: 200, seed: 9 }));
    expect(bootstrapCI(x, mean, { B: 200, seed: 10 }).low).not.toBe(
      bootstrapCI(x, mean, { B: 200, seed: 9 }).low,
    );
  });

  it("validates its options and the statistic", () => {
    const x = column([1, 2, 3]);
    expect(() => bootstrapCI(x, mean, { B: 1 })).toThrow(/B must be an integer >= 2/);
    expect(() => bootstrapCI(x, mean, { level: 1 })).toThrow(/level must be in \(0, 1\)/);
    expect(() => bootstrapCI(x, mean, { seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => bootstrapCI(column([1]), mean)).toThrow(/sample needs at least 2 rows/);
    expect(() => bootstrapCI(x, () => Number.NaN)).toThrow(/statistic returned NaN on the sample/);
  });
});

describe("bootstrapCI2", () => {
  it("resamples each sample separately: the CI of a mean difference matches normal theory", () => {
    // Var(x̄ - ȳ) under resampling is s_x²/n_x + s_y²/n_y (plug-in sds), so the 95% interval is about
    // (x̄ - ȳ) ± 1.96 sqrt(s_x²/n_x + s_y²/n_y). Allow 10% as above.
    const x = normals(300, 21, 1);
    const y = normals(200, 22, 0);
    const diff = (a: Matrix, b: Matrix) => mean(a) - mean(b);
    const r = bootstrapCI2(x, y, diff, { B: 4000, seed: 1 });
    const half = 1.96 * Math.sqrt(plugInSd(x) ** 2 / 300 + plugInSd(y) ** 2 / 200);
    expect(r.estimate).toBeCloseTo(diff(x, y), 14);
    expect(Math.abs((r.high - r.low) / 2 - half) / half).toBeLessThan(0.1);
  });

  it("names the side with too few rows", () => {
    const ok = fromRows([[1], [2]]);
    expect(() => bootstrapCI2(ok, fromRows([[1]]), () => 0)).toThrow(/target needs at least 2 rows/);
  });
});
