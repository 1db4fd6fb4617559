/**
 * Models whose input is a vector [N, d] rather than an image: the bundled bag-of-words encoder
 * `bow-sotu` (input `bow` [null, 2000], dense `hidden` 128 relu, `features` 32 relu, `head` 11
 * softmax) on State of the Union passages encoded by lib/text/bow.ts. The engine's rows must be the
 * model's own predictions on the same inputs, and the features a float64 forward pass computed
 * here from the stored weights.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeBow } from "@/lib/text/bow";
import { parseTextCsv } from "@/lib/text/csv";
import { initTf } from "./backend";
import { openTfjsEngine, type TfjsEngine } from "./engine";
import { modelInputShape } from "./extract";
import { type LoadedModel, loadModelDir } from "./load";

const DIR = path.resolve("public/models/bow-sotu");
const V = 2000;

/** 24 passages: the first 12 of each era's demo CSV. */
function passages(): string[] {
  const take = (file: string) =>
    parseTextCsv(readFileSync(path.resolve("public/demo/sotu", file)), { file })
      .rows.slice(0, 12)
      .map((r) => r.text);
  return [...take("source.csv"), ...take("target.csv")];
}

let engine: TfjsEngine;
let reference: LoadedModel;
let x: Float32Array;
let n: number;

beforeAll(async () => {
  await initTf("wasm");
  engine = await openTfjsEngine({ kind: "dir", dir: DIR }, { backend: "wasm" });
  reference = await loadModelDir(DIR);
  const vocab = JSON.parse(readFileSync(path.join(DIR, "vocab.json"), "utf8")) as string[];
  const texts = passages();
  n = texts.length;
  x = encodeBow(texts, vocab, "log1p-l2");
});
afterAll(async () => {
  await engine?.dispose();
  reference?.model.dispose();
});

/** Direct `predict` of the unmodified model, or of a sub-model ending at `layer`. */
function predict(layer: string | null): Float32Array {
  const m = reference.model as tf.LayersModel;
  const model =
    layer === null
      ? m
      : tf.model({ inputs: m.inputs, outputs: m.getLayer(layer).output as tf.SymbolicTensor });
  return tf.tidy(() => (model.predict(tf.tensor2d(x, [n, V])) as tf.Tensor).dataSync() as Float32Array);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("engine on a vector-input model (bow-sotu)", () => {
  it("reads the input as [2000] and lists the dense layers and the softmax head", () => {
    expect(engine.inputShape).toEqual([V]);
    // Shapes and counts from the architecture in meta.json: 2000*128+128, 128*32+32, 32*11+11.
    expect(engine.listLayers()).toEqual([
      { index: 0, name: "bow", className: "InputLayer", outputShape: [null, 2000], params: 0 },
      { index: 1, name: "hidden", className: "Dense", outputShape: [null, 128], params: 256_128 },
      { index: 2, name: "features", className: "Dense", outputShape: [null, 32], params: 4_128 },
      { index: 3, name: "head", className: "Dense", outputShape: [null, 11], params: 363 },
    ]);
    // 256,128 + 4,128 + 363 = 260,619, the parameterCount recorded in meta.json.
    expect(engine.params).toBe(260_619);
    expect(engine.head).toEqual({ layer: "head", classes: 11 });
  });

  it("extracts hidden, features and head equal to the model's own predict on the same inputs", async () => {
    const before = tf.memory().numTensors;
    const out = await engine.extract(x, n, ["hidden", "features", "head"]);
    expect(tf.memory().numTensors).toBe(before);
    expect(out.get("hidden")!.dim).toBe(128);
    expect(out.get("features")!.dim).toBe(32);
    expect(out.get("head")!.dim).toBe(11);
    // Same backend, same kernels: dense layers are a matmul, a bias add and an activation, so the
    // fast plan and predict agree to float32 rounding.
    expect(maxAbsDiff(out.get("features")!.data, predict("features"))).toBeLessThan(1e-6);
    expect(maxAbsDiff(out.get("hidden")!.data, predict("hidden"))).toBeLessThan(1e-6);
    expect(maxAbsDiff(out.get("head")!.data, predict(null))).toBeLessThan(1e-6);
    // Softmax rows sum to 1.
    const head = out.get("head")!.data;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < 11; k++) s += head[i * 11 + k]!;
      expect(s).toBeCloseTo(1, 5);
    }
  });

  it("gives features equal to a float64 forward pass computed from the stored weights", async () => {
    // Independent reference: relu(relu(x W1 + b1) W2 + b2) in float64 with plain loops.
    const m = reference.model as tf.LayersModel;
    const [w1, b1] = m
      .getLayer("hidden")
      .getWeights()
      .map((w) => w.dataSync());
    const [w2, b2] = m
      .getLayer("features")
      .getWeights()
      .map((w) => w.dataSync());
    const ref = new Float64Array(n * 32);
    const h = new Float64Array(128);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < 128; j++) {
        let s = b1![j]!;
        for (let k = 0; k < V; k++) s += x[i * V + k]! * w1![k * 128 + j]!;
        h[j] = Math.max(0, s);
      }
      for (let j = 0; j < 32; j++) {
        let s = b2![j]!;
        for (let k = 0; k < 128; k++) s += h[k]! * w2![k * 32 + j]!;
        ref[i * 32 + j] = Math.max(0, s);
      }
    }
    const out = await engine.extract(x, n, ["features"]);
    // float32 accumulation over 2000 terms against float64: differences of order 1e-6 relative.
    expect(maxAbsDiff(out.get("features")!.data, ref)).toBeLessThan(1e-4);
    // The features are not all zero (a dead ReLU layer would pass the comparison trivially).
    expect(out.get("features")!.data.some((v) => v > 0.01)).toBe(true);
  });

  it("returns the same rows whatever the micro-batch size and whether or not the plan runs", async () => {
    const small = await openTfjsEngine(
      { kind: "dir", dir: DIR },
      { backend: "wasm", microBatch: 5, optimize: false },
    );
    try {
      const a = (await engine.extract(x, n, ["features"])).get("features")!.data;
      const b = (await small.extract(x, n, ["features"])).get("features")!.data;
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
    } finally {
      await small.dispose();
    }
  });

  it("checks the batch against [2000] and names the sample holding a non-finite value", async () => {
    await expect(engine.extract(x.subarray(0, 2 * V - 1), 2, ["features"])).rejects.toThrow(
      "batch has 3999 values, expected n x 2000 = 2 x 2000 = 4000",
    );
    const bad = x.slice(0, 2 * V);
    bad[V + 7] = Number.NaN; // 2007 = 2000 + 7: sample 1
    await expect(engine.extract(bad, 2, ["features"])).rejects.toThrow("batch[2007] (sample 1) is NaN");
  });

  it("refuses an inputShape of another rank or size", async () => {
    await expect(openTfjsEngine({ kind: "dir", dir: DIR }, { inputShape: [1999] })).rejects.toThrow(
      "inputShape[0] is 1999 but the model's input fixes it at 2000",
    );
    await expect(openTfjsEngine({ kind: "dir", dir: DIR }, { inputShape: [40, 50] })).rejects.toThrow(
      "inputShape has 2 dimensions but the model's input [2000] has 1",
    );
  });

  it("opens a seeded random-init copy with the same layers and other weights", async () => {
    const rnd = await openTfjsEngine({ kind: "random-init", base: { kind: "dir", dir: DIR }, seed: 7 });
    try {
      expect(rnd.inputShape).toEqual([V]);
      expect(rnd.listLayers().map((l) => l.name)).toEqual(["bow", "hidden", "features", "head"]);
      expect(rnd.weightsHash).not.toBe(engine.weightsHash);
      const a = (await engine.extract(x, n, ["features"])).get("features")!.data;
      const b = (await rnd.extract(x, n, ["features"])).get("features")!.data;
      expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-3);
    } finally {
      await rnd.dispose();
    }
  });
});

describe("modelInputShape", () => {
  it("refuses inputs that are neither images nor vectors", () => {
    const seq = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [5, 3] })] });
    try {
      const loaded = { kind: "layers", model: seq } as unknown as LoadedModel;
      expect(() => modelInputShape(loaded)).toThrow(
        "model input has shape [?, 5, 3]; expected [batch, height, width, channels] (images) or [batch, features] (vectors)",
      );
    } finally {
      seq.dispose();
    }
  });
});
