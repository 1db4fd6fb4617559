/**
 * The ONNX Runtime engine on a CNN exported by PyTorch (fixtures/, made by
 * scripts/fixtures/torch-small-cnn.py): outputs, an intermediate tensor and its pooling checked
 * against PyTorch's own numbers for the same inputs, NCHW input fed from NHWC batches, layers listed
 * with measured shapes, errors for bad names and non-finite inputs, and the seeded random-init copy.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type EngineSpec } from "../engine/create";
import type { EmbeddingEngine } from "../engine/types";
import { readNpyFixture, torchFixturePath } from "./test-fixtures";

const here = path.dirname(fileURLToPath(import.meta.url));
const onnxPath = torchFixturePath(here, "onnx");
const spec: EngineSpec = { engine: "onnx", source: { kind: "file", path: onnxPath }, threads: 1 };

const RELU2 = "/block2/block2.2/Relu_output_0";
const LOGITS = "/fc/Gemm_output_0";
const FEATURES = "/Flatten_output_0";

/**
 * Tolerance against PyTorch: both compute in float32, but ONNX Runtime's kernels (MLAS convolutions,
 * fused Conv+ReLU) sum in a different order than PyTorch's; on values of order 1 through three
 * convolutions that moves results by ~1e-6. 1e-4 leaves two orders of margin yet would catch any
 * layout error (a wrong transpose changes values by ~1e-1).
 */
const TOL = 1e-4;

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** [n, c, h, w] -> [n, h, w, c]: the fixture's inputs are NCHW (PyTorch), engines take NHWC. */
function nchwToNhwc(x: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < c; k++)
      for (let p = 0; p < h * w; p++) out[i * h * w * c + p * c + k] = x[i * c * h * w + k * h * w + p]!;
  return out;
}

let engine: EmbeddingEngine;
let batch: Float32Array;

beforeAll(async () => {
  engine = await createEngine(spec);
  const inputs = readNpyFixture(here, "inputs");
  expect(inputs.shape).toEqual([4, 3, 32, 32]);
  batch = nchwToNhwc(inputs.data, 4, 3, 32, 32);
}, 60_000);

afterAll(async () => {
  await engine?.dispose();
});

describe("OnnxEngine on the PyTorch fixture", () => {
  it("describes the model: NHWC sample shape, CPU provider, parameters, softmax head", () => {
    expect(engine.name).toBe("onnx");
    expect(engine.backend).toBe("cpu-ort");
    // The ONNX input is [batch, 3, 32, 32] (NCHW); the engine takes [h, w, c] samples.
    expect(engine.inputShape).toEqual([32, 32, 3]);
    // Closed form from the architecture (BatchNorm folded into the convolutions at export):
    // conv 3->8 3x3: 216 + 8; conv 8->16: 1152 + 16; conv 16->16: 2304 + 16; linear 16->10: 160 + 10.
    expect(engine.params).toBe(216 + 8 + 1152 + 16 + 2304 + 16 + 160 + 10);
    expect(engine.head).toEqual({ layer: "probs", classes: 10 });
    expect(engine.weightsHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists the input and every node output with its measured shape (batch null)", () => {
    const layers = engine.listLayers();
    expect(layers[0]).toEqual({
      index: 0,
      name: "input",
      className: "Input",
      outputShape: [null, 32, 32, 3],
      params: 0,
    });
    const byName = new Map(layers.map((l) => [l.name, l]));
    // Shapes follow from the architecture: padding 1 keeps 32x32, stride 2 halves it, max-pool 2 halves again.
    expect(byName.get("/block1/block1.2/Relu_output_0")?.outputShape).toEqual([null, 8, 32, 32]);
    expect(byName.get(RELU2)?.outputShape).toEqual([null, 16, 16, 16]);
    expect(byName.get("/block3/block3.2/Relu_output_0")?.outputShape).toEqual([null, 16, 8, 8]);
    expect(byName.get(FEATURES)?.outputShape).toEqual([null, 16]);
    expect(byName.get(LOGITS)).toMatchObject({ className: "Gemm", outputShape: [null, 10], params: 170 });
    expect(byName.get("probs")).toMatchObject({ className: "Softmax", outputShape: [null, 10] });
    expect(layers.map((l) => l.index)).toEqual(layers.map((_, i) => i));
  });

  it("matches PyTorch on the output, the logits and an intermediate map (NCHW pooled over h, w)", async () => {
    const out = await engine.extract(batch, 4, [RELU2, LOGITS, "probs", FEATURES]);
    expect(out.get(RELU2)!.dim).toBe(16);
    expect(maxAbsDiff(out.get(RELU2)!.data, readNpyFixture(here, "relu2-avg").data)).toBeLessThan(TOL);
    expect(maxAbsDiff(out.get(LOGITS)!.data, readNpyFixture(here, "logits").data)).toBeLessThan(TOL);
    expect(maxAbsDiff(out.get("probs")!.data, readNpyFixture(here, "probs").data)).toBeLessThan(TOL);
    expect(maxAbsDiff(out.get(FEATURES)!.data, readNpyFixture(here, "features").data)).toBeLessThan(TOL);
    const max = await engine.extract(batch, 4, [RELU2], "max");
    expect(maxAbsDiff(max.get(RELU2)!.data, readNpyFixture(here, "relu2-max").data)).toBeLessThan(TOL);
  });

  it("gives each sample the same row whatever the batch around it", async () => {
    const all = (await engine.extract(batch, 4, [LOGITS])).get(LOGITS)!.data;
    const third = (await engine.extract(batch.slice(2 * 3072, 3 * 3072), 1, [LOGITS])).get(LOGITS)!.data;
    expect(maxAbsDiff(third, all.subarray(20, 30))).toBeLessThan(1e-6);
  });

  it("pools the input layer from the NHWC batch itself", async () => {
    const out = (await engine.extract(batch.slice(0, 3072), 1, ["input"])).get("input")!;
    // Mean of channel 0 over the image, straight from the NHWC values.
    let s = 0;
    for (let p = 0; p < 1024; p++) s += batch[p * 3]!;
    expect(out.dim).toBe(3);
    expect(out.data[0]).toBeCloseTo(s / 1024, 6);
  });

  it("refuses a layer the model does not have, naming it", async () => {
    await expect(engine.extract(batch, 4, ["conv99"])).rejects.toThrow(
      /'conv99' is not a layer of this model/,
    );
  });

  it("refuses NaN input, naming the value and the image", async () => {
    const bad = batch.slice();
    bad[3072 + 5] = Number.NaN;
    await expect(engine.extract(bad, 4, [LOGITS])).rejects.toThrow(/batch\[3077\] \(image 1\) is NaN/);
  });

  it("refuses a batch of the wrong size", async () => {
    await expect(engine.extract(batch, 3, [LOGITS])).rejects.toThrow(/expected n x 32 x 32 x 3/);
  });
});

describe("ONNX engine in the worker-thread pool", () => {
  it("runs on one worker whose session gets the threads, with the same rows as in-process", async () => {
    const { createEnginePool } = await import("../engine/pool");
    const pool = await createEnginePool(
      { engine: "onnx", source: { kind: "file", path: onnxPath } },
      { threads: 2 },
    );
    try {
      expect(pool.mode).toBe("workers");
      expect(pool.threads).toBe(1);
      expect(pool.name).toBe("onnx");
      expect(pool.listLayers()).toEqual(engine.listLayers());
      const a = (await pool.extract(batch, 4, [RELU2])).get(RELU2)!.data;
      const b = (await engine.extract(batch, 4, [RELU2])).get(RELU2)!.data;
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
    } finally {
      await pool.dispose();
    }
  });
});

describe("random-init copy of an ONNX model", () => {
  it("keeps the graph, changes the weights, and is the same for the same seed", async () => {
    const rSpec: EngineSpec = {
      engine: "onnx",
      source: { kind: "random-init", base: { kind: "file", path: onnxPath }, seed: 7 },
      threads: 1,
    };
    const a = await createEngine(rSpec);
    const b = await createEngine(rSpec);
    try {
      expect(a.listLayers()).toEqual(engine.listLayers());
      expect(a.params).toBe(engine.params);
      expect(a.weightsHash).not.toBe(engine.weightsHash);
      expect(b.weightsHash).toBe(a.weightsHash);
      const oa = (await a.extract(batch, 4, [LOGITS])).get(LOGITS)!.data;
      const ob = (await b.extract(batch, 4, [LOGITS])).get(LOGITS)!.data;
      expect(Array.from(ob)).toEqual(Array.from(oa));
      const pretrained = (await engine.extract(batch, 4, [LOGITS])).get(LOGITS)!.data;
      expect(maxAbsDiff(oa, pretrained)).toBeGreaterThan(1e-3);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});
