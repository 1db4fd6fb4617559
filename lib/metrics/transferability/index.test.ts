import { describe, expect, it } from "vitest";
import { fromRows, type Matrix, takeRows } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import {
  computeTransferability,
  gbc,
  hScore,
  knnProbeAccuracy,
  leep,
  linearProbeAccuracy,
  logME,
  nce,
  transRate,
} from "./index";

/** N rows, 3 classes shifted along the first 3 of d dimensions, plus a noisy source head over 4 classes. */
function dataset(n: number, d: number, seed: number): { X: Matrix; y: Int32Array; theta: Matrix } {
  const rng = createRng(seed);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, j) => (j === y[i] ? 1.5 : 0) + rng.normal()),
  );
  const theta = rows.map((r) => {
    const logits = [r[0]!, r[1]!, r[2]!, 0.5 * rng.normal()];
    const m = Math.max(...logits);
    const e = logits.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
  return { X: fromRows(rows), y, theta: fromRows(theta) };
}

describe("computeTransferability", () => {
  const { X, y, theta } = dataset(90, 6, 1);

  it("reports every metric, equal to the standalone functions, with intervals", async () => {
    const r = await computeTransferability(X, y, { seed: 4, sourceProbs: theta, bootstrap: 30 });
    expect(r.n).toBe(90);
    expect(r.subsampled).toBe(false);
    expect(r.classes).toBe(3);
    // Same numbers as the single-metric functions (TransRate's R via Cholesky there, eigenvalues here).
    expect(r.logme.value).toBeCloseTo(logME(X, y).value, 10);
    expect(r.hScore.value).toBeCloseTo(hScore(X, y).value, 10);
    expect(r.transRate.value).toBeCloseTo(transRate(X, y).value, 8);
    expect(r.gbc.value).toBeCloseTo(gbc(X, y).value, 12);
    expect(r.leep!.value).toBeCloseTo(leep(theta, y), 14);
    expect(r.nce!.value).toBeCloseTo(nce(theta, y), 14);
    expect(r.linearProbeAccuracy.value).toBe(linearProbeAccuracy(X, y, { seed: 4 }).value);
    expect(r.knnAccuracy.value).toBe(knnProbeAccuracy(X, y, { seed: 4 }).value);
    for (const m of [r.logme, r.hScore, r.transRate, r.gbc, r.leep!, r.nce!]) {
      expect(m.interval).toBe("bootstrap");
      expect(m.replicates).toBe(30);
      expect(m.low!).toBeLessThan(m.high!);
    }
    for (const m of [r.knnAccuracy, r.linearProbeAccuracy]) {
      expect(m.interval).toBe("wilson");
      expect(m.low!).toBeLessThanOrEqual(m.value);
      expect(m.high!).toBeGreaterThanOrEqual(m.value);
    }
    // Shifted classes are learnable: well above chance (1/3).
    expect(r.linearProbeAccuracy.value).toBeGreaterThan(0.6);
  });

  it("is deterministic for a seed", async () => {
    const a = await computeTransferability(X, y, { seed: 2, bootstrap: 10 });
    const b = await computeTransferability(X, y, { seed: 2, bootstrap: 10 });
    const strip = (r: typeof a) => JSON.stringify({ ...r, timingsMs: null });
    expect(strip(a)).toBe(strip(b));
  });

  it("point estimates do not depend on row order", async () => {
    const order = Int32Array.from({ length: 90 }, (_, i) => (i * 37) % 90);
    const a = await computeTransferability(X, y, { bootstrap: 0, sourceProbs: theta });
    const b = await computeTransferability(
      takeRows(X, order),
      Int32Array.from(order, (i) => y[i]!),
      {
        bootstrap: 0,
        sourceProbs: takeRows(theta, order),
      },
    );
    for (const k of ["logme", "hScore", "transRate", "gbc", "leep", "nce"] as const) {
      expect(b[k]!.value).toBeCloseTo(a[k]!.value, 9);
    }
    expect(a.logme.low).toBeUndefined();
  });

  it("subsamples above maxSamples, stratified and recorded", async () => {
    const r = await computeTransferability(X, y, { maxSamples: 60, bootstrap: 0 });
    expect(r.subsampled).toBe(true);
    expect(r.nTotal).toBe(90);
    expect(r.maxSamples).toBe(60);
    expect(r.n).toBe(60); // 30 per class x 60/90 = 20 per class
  });

  it("skips the costly bootstraps beyond the budget and says so", async () => {
    const r = await computeTransferability(X, y, { bootstrap: 20, bootstrapBudget: 1 });
    expect(r.logme.low).toBeUndefined();
    expect(r.logme.note).toMatch(/no bootstrap interval/);
    expect(r.gbc.interval).toBe("bootstrap");
  });

  it("flags a bootstrap interval that excludes its own estimate", async () => {
    // NCE over a 45-class source head on 90 rows: about 2 rows per source class, so the plug-in
    // conditional entropy falls when duplicated rows make cells purer, and the replicates sit above
    // the estimate (the same effect showed in the benchmark with 1000 source classes).
    const rng = createRng(3);
    const sparse = fromRows(
      Array.from({ length: 90 }, () => {
        const row = new Array(45).fill(0.1 / 44);
        row[rng.int(45)] = 0.9;
        return row;
      }),
    );
    const r = await computeTransferability(X, y, { sourceProbs: sparse, bootstrap: 50 });
    expect(r.nce!.value < r.nce!.low! || r.nce!.value > r.nce!.high!).toBe(true);
    expect(r.nce!.note).toMatch(/outside its percentile interval/);
  });

  it("rejects bad input", async () => {
    await expect(computeTransferability(X, y.subarray(0, 80))).rejects.toThrow(/does not match/);
    await expect(computeTransferability(X, y, { sourceProbs: takeRows(theta, [0, 1]) })).rejects.toThrow(
      /sourceProbs: 2 rows/,
    );
    await expect(computeTransferability(X, y, { bootstrap: 1 })).rejects.toThrow(/bootstrap/);
    const bad = Float64Array.from(X.data);
    bad[5] = Number.NaN;
    await expect(computeTransferability({ rows: 90, cols: 6, data: bad }, y)).rejects.toThrow(
      /non-finite value NaN at row 0, column 5/,
    );
  });
});
