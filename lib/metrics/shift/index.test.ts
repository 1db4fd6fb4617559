import { describe, expect, it } from "vitest";
import { type Matrix, matrix, takeRows } from "@/lib/metrics/matrix";
import { meanAndCovarianceFast } from "@/lib/metrics/stats/linalg";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { computeShift, coralDistance, frechetDistance, ksPca, mmdTest } from "./index";

function gaussian(n: number, d: number, seed: number, shift = 0): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) data[i] = rng.normal() + shift;
  return matrix(n, d, data);
}
function softmaxRows(n: number, k: number, seed: number): Matrix {
  const rng = createRng(seed);
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += data[i * k + j] = Math.exp(rng.normal());
    for (let j = 0; j < k; j++) data[i * k + j]! /= s;
  }
  return matrix(n, k, data);
}

describe("computeShift", () => {
  const source = gaussian(30, 4, 1);
  const target = gaussian(24, 4, 2, 0.3);

  it("returns each metric as computed on its own, without subsampling when under maxSamples", async () => {
    const r = await computeShift(source, target, { permutations: 50, seed: 3, pcaComponents: 2 });
    expect(r.sampling).toEqual({
      sourceRows: 30,
      targetRows: 24,
      sourceUsed: 30,
      targetUsed: 24,
      subsampled: false,
      maxSamples: 2000,
      seed: 3,
    });
    // computeShift fits both Gaussians once (float64 GEMM) and shares them; the same fits given to
    // each metric on its own must reproduce its numbers exactly.
    const fits = {
      source: await meanAndCovarianceFast(source.data, source.rows, source.cols),
      target: await meanAndCovarianceFast(target.data, target.rows, target.cols),
    };
    expect(r.frechet).toEqual(frechetDistance(source, target, fits));
    expect(r.coral).toEqual(coralDistance(source, target, fits));
    expect(r.ksPca).toEqual(ksPca(source, target, { components: 2, sourceFit: fits.source }));
    // And the fits agree with the JavaScript loop to rounding.
    expect(r.frechet.distance).toBeCloseTo(frechetDistance(source, target).distance, 10);
    expect(r.mmd).toEqual(await mmdTest(source, target, { permutations: 50, seed: 3 }));
    expect(r.bbsd).toBeNull();
  });

  it("subsamples each side reproducibly above maxSamples and keeps probabilities row-aligned", async () => {
    const sp = softmaxRows(30, 3, 5);
    const tp = softmaxRows(24, 3, 6);
    const opts = { permutations: 20, seed: 9, maxSamples: 10, sourceProbs: sp, targetProbs: tp };
    const a = await computeShift(source, target, opts);
    const b = await computeShift(source, target, opts);
    expect(a).toEqual(b);
    expect(a.sampling).toMatchObject({ sourceUsed: 10, targetUsed: 10, subsampled: true, seed: 9 });
    expect(a.mmd.n).toBe(10);
    expect(a.frechet.n).toBe(10);
    expect(a.bbsd?.n).toBe(10);
    // The subset is the first 10 of a seeded permutation, sorted; the same rows feed every metric.
    const sIdx = permutation(30, createRng(9)).slice(0, 10).sort();
    const tIdx = permutation(24, createRng(10)).slice(0, 10).sort();
    const [ss, tt] = [takeRows(source, sIdx), takeRows(target, tIdx)];
    const fits = {
      source: await meanAndCovarianceFast(ss.data, ss.rows, ss.cols),
      target: await meanAndCovarianceFast(tt.data, tt.rows, tt.cols),
    };
    expect(a.coral).toEqual(coralDistance(ss, tt, fits));
    expect(a.bbsd?.tests[0]?.statistic).toBe(
      (
        await computeShift(takeRows(source, sIdx), takeRows(target, tIdx), {
          permutations: 20,
          seed: 9,
          sourceProbs: takeRows(sp, sIdx),
          targetProbs: takeRows(tp, tIdx),
        })
      ).bbsd?.tests[0]?.statistic,
    );
  });

  it("validates options", async () => {
    await expect(computeShift(source, target, { sourceProbs: softmaxRows(30, 3, 1) })).rejects.toThrow(
      /both sourceProbs and targetProbs/,
    );
    await expect(
      computeShift(source, target, {
        sourceProbs: softmaxRows(29, 3, 1),
        targetProbs: softmaxRows(24, 3, 1),
      }),
    ).rejects.toThrow(/sourceProbs has 29 rows, source has 30/);
    await expect(computeShift(source, target, { maxSamples: 1 })).rejects.toThrow(
      /maxSamples must be an integer >= 2/,
    );
    await expect(computeShift(source, gaussian(5, 3, 1))).rejects.toThrow(
      /source has 4 columns but target has 3/,
    );
  });
});
