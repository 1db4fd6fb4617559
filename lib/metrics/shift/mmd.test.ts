import { describe, expect, it } from "vitest";
import { fromRows, type Matrix, matrix, takeRows, vstack } from "@/lib/metrics/matrix";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { getTf } from "@/lib/metrics/tf";
import { mmd2FromKernel, mmdTest } from "./mmd";

function gaussian(n: number, d: number, seed: number, shift = 0): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) data[i] = rng.normal() + (i % d === 0 ? shift : 0);
  return matrix(n, d, data);
}

/** Reference kernel computed directly in float64, with no TF.js and no U-centring. */
function directKernel(pooled: Matrix, sigma: number): Float64Array {
  const total = pooled.rows;
  const d = pooled.cols;
  const k = new Float64Array(total * total);
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < total; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += (pooled.data[i * d + c]! - pooled.data[j * d + c]!) ** 2;
      k[i * total + j] = Math.exp(-s / (2 * sigma * sigma));
    }
  }
  return k;
}

describe("mmdTest on a case worked by hand", () => {
  // Source {0, 1}, target {2, 4} in 1-D, σ = 1, k(a,b) = exp(-(a-b)²/2):
  // k01 = e^-0.5, k24 = e^-2, cross k02 = e^-2, k04 = e^-8, k12 = e^-0.5, k14 = e^-4.5.
  // MMD²_u = k01 / 1 + k24 / 1 - 2/4 (k02 + k04 + k12 + k14)
  //        = e^-0.5 + e^-2 - (e^-2 + e^-8 + e^-0.5 + e^-4.5)/2 = (e^-0.5 + e^-2 - e^-8 - e^-4.5)/2
  //        = 0.3652107418915507.
  const source = fromRows([[0], [1]]);
  const target = fromRows([[2], [4]]);
  const handValue = (Math.exp(-0.5) + Math.exp(-2) - Math.exp(-8) - Math.exp(-4.5)) / 2;

  it("gives the hand-computed MMD²", async () => {
    const r = await mmdTest(source, target, { bandwidth: 1, permutations: 10 });
    expect(handValue).toBeCloseTo(0.3652107418915507, 15);
    expect(r.mmd2).toBeCloseTo(handValue, 6);
    expect(r.bandwidthMethod).toBe("fixed");
  });

  it("uses the median pairwise distance as bandwidth", async () => {
    // Pooled {0,1,2,4}: distances 1,2,4,1,3,2 → sorted 1,1,2,2,3,4 → median (2 + 2)/2 = 2.
    const r = await mmdTest(source, target, { permutations: 10 });
    expect(r.bandwidth).toBeCloseTo(2, 5);
    expect(r.bandwidthMethod).toBe("median");
  });

  it("has the permutation p-value of the enumerated null, 1/3", async () => {
    // With n = m = 2, a split {a,b}|{c,d} has MMD²_u = 1.5 (k_ab + k_cd) - S/2, S the sum of all six
    // pair kernels. The three splits give within-sums 0.7419 ({0,1}|{2,4}, observed), 0.1465 ({0,2})
    // and 0.6069 ({0,4}), so the observed split is the largest, and a random split equals it (or its
    // mirror image) with probability 1/3: p → 1/3 as B grows. Ties with the observed value count as
    // ">=" (Phipson & Smyth 2010). Allow 4 binomial sds.
    const B = 3000;
    const r = await mmdTest(source, target, { bandwidth: 1, permutations: B, chunkSize: 700 });
    expect(Math.abs(r.pValue - 1 / 3)).toBeLessThan(4 * Math.sqrt(((1 / 3) * (2 / 3)) / B));
    // The permutation mean of MMD²_u is exactly 0: 1.5 E[within] - S/2 with E[within] = S/3.
    expect(Math.abs(r.nullMean)).toBeLessThan((4 * r.nullSd) / Math.sqrt(B));
  });
});

describe("mmdTest against an independent float64 computation", () => {
  const source = gaussian(23, 5, 1);
  const target = gaussian(31, 5, 2, 0.8);

  it("MMD² equals the direct block sums of a float64 kernel at the same bandwidth", async () => {
    const r = await mmdTest(source, target, { permutations: 20 });
    const pooled = vstack(source, target);
    // Median bandwidth by a full sort of the float64 distances (the function uses quickselect on
    // float32 distances).
    const dists: number[] = [];
    const k = directKernel(pooled, 1);
    for (let i = 0; i < pooled.rows; i++) {
      for (let j = i + 1; j < pooled.rows; j++) dists.push(Math.sqrt(-2 * Math.log(k[i * pooled.rows + j]!)));
    }
    dists.sort((a, b) => a - b);
    const half = dists.length / 2;
    const median = dists.length % 2 ? dists[Math.floor(half)]! : (dists[half - 1]! + dists[half]!) / 2;
    expect(r.bandwidth).toBeCloseTo(median, 5);
    const want = mmd2FromKernel(directKernel(pooled, r.bandwidth), pooled.rows, source.rows);
    expect(Math.abs(r.mmd2 - want)).toBeLessThan(1e-6 * Math.max(1e-3, Math.abs(want)) + 1e-7);
  });

  it("p-value equals brute-force re-splitting with the same seeded permutations", async () => {
    // Recompute each permuted MMD²_u from scratch in float64 (no U-centring, no matmul), drawing the
    // splits exactly as mmdTest does: the first n entries of permutation(N, rng) for rng = createRng(seed).
    const B = 60;
    const seed = 7;
    const r = await mmdTest(source, target, { permutations: B, seed, chunkSize: 9 });
    const pooled = vstack(source, target);
    const total = pooled.rows;
    const n = source.rows;
    const k = directKernel(pooled, r.bandwidth);
    const observed = mmd2FromKernel(k, total, n);
    const rng = createRng(seed);
    let exceed = 0;
    let sum = 0;
    for (let b = 0; b < B; b++) {
      const order = permutation(total, rng);
      const kb = new Float64Array(total * total);
      for (let i = 0; i < total; i++)
        for (let j = 0; j < total; j++) kb[i * total + j] = k[order[i]! * total + order[j]!]!;
      const stat = mmd2FromKernel(kb, total, n);
      sum += stat;
      if (stat >= observed) exceed++;
    }
    expect(r.pValue).toBeCloseTo((1 + exceed) / (1 + B), 12);
    expect(r.nullMean).toBeCloseTo(sum / B, 5);
  });
});

describe("mmdTest statistical properties", () => {
  it("is unbiased: the average MMD²_u over draws from one distribution is 0, single values can be negative", async () => {
    // E[MMD²_u] = MMD² = 0 when P = Q for a fixed kernel (Gretton et al. 2012, Lemma 6), so fix σ = 1.
    // Require |mean| < 4 standard errors over 150 draws.
    const values: number[] = [];
    for (let r = 0; r < 150; r++) {
      const res = await mmdTest(gaussian(15, 2, 100 + r), gaussian(15, 2, 500 + r), {
        bandwidth: 1,
        permutations: 1,
      });
      values.push(res.mmd2);
    }
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
    expect(Math.abs(mean)).toBeLessThan((4 * sd) / Math.sqrt(values.length));
    expect(values.some((v) => v < 0)).toBe(true);
  });

  it("rejects at the nominal 5% under no shift, and more often as the mean shift grows", async () => {
    // Calibration: the permutation test is exact (Phipson & Smyth 2010), so with B = 99 the rejection
    // rate at α = 0.05 is 5%. 300 draws: binomial sd 0.0126; a 3.3-sd band is [0.008, 0.092].
    // Power must increase with the shift of the first coordinate (the test is consistent, Gretton et
    // al. 2012, Theorem 8).
    const rate = async (shift: number, draws: number, seed0: number) => {
      let rejected = 0;
      for (let r = 0; r < draws; r++) {
        const res = await mmdTest(gaussian(20, 3, seed0 + r), gaussian(20, 3, seed0 + 10_000 + r, shift), {
          permutations: 99,
          seed: r,
        });
        if (res.pValue <= 0.05) rejected++;
      }
      return rejected / draws;
    };
    const size = await rate(0, 300, 1);
    expect(size).toBeGreaterThan(0.008);
    expect(size).toBeLessThan(0.092);
    const small = await rate(0.5, 60, 20_000);
    const large = await rate(1.5, 60, 30_000);
    expect(small).toBeGreaterThan(size);
    expect(large).toBeGreaterThan(small);
    expect(large).toBeGreaterThan(0.8);
  });
});

describe("mmdTest invariances", () => {
  const source = gaussian(18, 4, 31);
  const target = gaussian(25, 4, 32, 0.5);

  it("is symmetric in source and target and unchanged by row order", async () => {
    const a = await mmdTest(source, target, { permutations: 50 });
    const b = await mmdTest(target, source, { permutations: 50 });
    const shuffled = takeRows(source, permutation(source.rows, createRng(3)));
    const c = await mmdTest(shuffled, target, { permutations: 50 });
    expect(b.mmd2).toBeCloseTo(a.mmd2, 6);
    expect(b.bandwidth).toBeCloseTo(a.bandwidth, 6);
    expect(c.mmd2).toBeCloseTo(a.mmd2, 6);
  });

  it("leaves no tensors behind", async () => {
    const tf = await getTf();
    await mmdTest(source, target, { permutations: 30, chunkSize: 7 });
    const before = tf.memory().numTensors;
    await mmdTest(source, target, { permutations: 30, chunkSize: 7 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("mmdTest validation", () => {
  const ok = fromRows([[0], [1], [2]]);
  it.each([
    [
      "mismatched dimensions",
      () =>
        mmdTest(
          ok,
          fromRows([
            [0, 1],
            [1, 2],
          ]),
        ),
      /source has 1 columns but target has 2/,
    ],
    ["NaN", () => mmdTest(ok, fromRows([[0], [Number.NaN]])), /target: non-finite value NaN at row 1/],
    [
      "Infinity",
      () => mmdTest(fromRows([[Number.POSITIVE_INFINITY], [0]]), ok),
      /source: non-finite value Infinity/,
    ],
    ["one row", () => mmdTest(fromRows([[0]]), ok), /source needs at least 2 rows, got 1/],
    ["zero permutations", () => mmdTest(ok, ok, { permutations: 0 }), /permutations must be an integer >= 1/],
    ["bad bandwidth", () => mmdTest(ok, ok, { bandwidth: 0 }), /bandwidth must be a positive number/],
    [
      "float32 overflow",
      () => mmdTest(fromRows([[1e30], [-1e30]]), fromRows([[0], [1]])),
      /squared distances overflow float32/,
    ],
    [
      "degenerate bandwidth",
      () => mmdTest(fromRows([[1], [1], [1]]), fromRows([[1], [1], [2]])),
      /median pairwise distance is 0/,
    ],
  ])("throws on %s", async (_name, run, message) => {
    await expect(run()).rejects.toThrow(message);
  });
});
