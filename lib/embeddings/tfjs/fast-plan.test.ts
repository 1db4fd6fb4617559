import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf } from "./backend";
import { openTfjsEngine, type TfjsEngine } from "./engine";
import { buildPlan } from "./fast-plan";
import { tinyBatch, writeTinyModel } from "./test-fixtures";

let root: string;
let dir: string;

beforeAll(async () => {
  await initTf("wasm");
  root = await mkdtemp(path.join(tmpdir(), "ta-plan-"));
  dir = path.join(root, "tiny");
  await writeTinyModel(dir, 5);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** conv 1x1 (kernel 2, bias 1) -> BatchNorm (gamma 3, beta 0.5, mean 1, var 4 - eps) -> ReLU(max 6). */
function handModel(): tf.LayersModel {
  const x = tf.input({ shape: [1, 1, 1], name: "x" });
  const conv = tf.layers.conv2d({ name: "c", filters: 1, kernelSize: 1 }).apply(x);
  const bn = tf.layers.batchNormalization({ name: "bn", epsilon: 1e-3 }).apply(conv);
  const relu = tf.layers.reLU({ name: "relu", maxValue: 6 }).apply(bn);
  const m = tf.model({ inputs: x, outputs: relu as tf.SymbolicTensor });
  m.getLayer("c").setWeights([tf.tensor4d([2], [1, 1, 1, 1]), tf.tensor1d([1])]);
  m.getLayer("bn").setWeights([
    tf.tensor1d([3]),
    tf.tensor1d([0.5]),
    tf.tensor1d([1]),
    tf.tensor1d([4 - 1e-3]),
  ]);
  return m;
}

describe("buildPlan", () => {
  it("folds BatchNorm into the convolution and fuses ReLU6, as computed by hand", () => {
    const m = handModel();
    const plan = buildPlan(m)!;
    expect(plan.summary).toMatchObject({ foldedBatchNorms: 1, fusedActivations: 1, absorbedPaddings: 0 });
    expect(plan.summary.swallowed).toEqual(["c", "bn"]);
    expect(plan.available("relu")).toBe(true);
    expect(plan.available("bn")).toBe(false);
    // By hand: conv(x) = 2x + 1; BN = 3 (2x + 1 - 1) / sqrt(4) + 0.5 = 3x + 0.5; ReLU6 clips to [0, 6].
    // x = 1 -> 3.5; x = 3 -> 9.5 -> 6; x = -1 -> -2.5 -> 0.
    const x = tf.tensor4d([1, 3, -1], [3, 1, 1, 1]);
    const out = plan.forward(x, ["relu"], "avg");
    const got = Array.from(out.get("relu")!.dataSync());
    expect(got[0]).toBeCloseTo(3.5, 5);
    expect(got[1]).toBe(6);
    expect(got[2]).toBe(0);
    tf.dispose([x, ...out.values()]);
    plan.dispose();
    m.dispose();
  });

  it("rewrites the tiny model: two folds, two fused ReLU6, one absorbed padding", async () => {
    const e = await openTfjsEngine({ kind: "dir", dir }, { backend: "wasm" });
    expect(e.planSummary).toEqual({
      steps: 7, // ident, conv+conv_bn+conv_relu (pad absorbed), dw+dw_bn+dw_relu, add, reshape, flat, probs
      foldedBatchNorms: 2,
      fusedActivations: 2,
      absorbedPaddings: 1,
      swallowed: ["pad", "conv", "conv_bn", "dw", "dw_bn"],
    });
    await e.dispose();
  });
});

describe("fast plan vs the unmodified model", () => {
  let fast: TfjsEngine;
  beforeAll(async () => {
    fast = await openTfjsEngine({ kind: "dir", dir }, { backend: "wasm" });
  });
  afterAll(async () => {
    await fast?.dispose();
  });

  it("gives every layer within float32 rounding of the unmodified model, on wasm and cpu", async () => {
    const x = tinyBatch(4, 17);
    for (const backend of ["wasm", "cpu"] as const) {
      const a = await openTfjsEngine({ kind: "dir", dir }, { backend });
      const b = await openTfjsEngine({ kind: "dir", dir }, { backend, optimize: false });
      expect([a.backend, b.backend]).toEqual([backend, backend]);
      const names = a.listLayers().map((l) => l.name);
      const [pa, pb] = [await a.extract(x, 4, names, "max"), await b.extract(x, 4, names, "max")];
      for (const name of names) {
        const p = pa.get(name)!.data;
        const q = pb.get(name)!.data;
        let worst = 0;
        for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i]! - q[i]!));
        // Folding changes the rounding of a handful of float32 products and sums (values of order 1).
        expect(worst, `${backend} ${name}`).toBeLessThan(1e-5);
      }
      await a.dispose();
      await b.dispose();
    }
  });

  it("gives a layer the same values whatever else is requested, and frees its tensors", async () => {
    const x = tinyBatch(3, 18);
    const all = ["pad", "conv", "conv_relu", "dw", "add", "probs"]; // swallowed and planned layers mixed
    const multi = await fast.extract(x, 3, all);
    const before = tf.memory().numTensors;
    for (const name of all) {
      const single = (await fast.extract(x, 3, [name])).get(name)!;
      expect(Array.from(single.data), name).toEqual(Array.from(multi.get(name)!.data));
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
