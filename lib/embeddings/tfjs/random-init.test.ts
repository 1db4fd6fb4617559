import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf } from "./backend";
import { openTfjsEngine } from "./engine";
import { readModelDir } from "./load";
import { randomInitModel, seedInitializers } from "./random-init";
import { tinyBatch, writeTinyModel } from "./test-fixtures";

let root: string;
let dir: string;

beforeAll(async () => {
  await initTf("cpu");
  root = await mkdtemp(path.join(tmpdir(), "ta-rand-"));
  dir = path.join(root, "tiny");
  await writeTinyModel(dir, 21);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("seedInitializers", () => {
  const topo = {
    layers: [
      {
        class_name: "Conv2D",
        config: {
          kernel_initializer: { class_name: "VarianceScaling", config: { scale: 1, seed: null } },
          bias_initializer: { class_name: "Zeros", config: {} },
        },
      },
      {
        class_name: "Dense",
        config: { kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } } },
      },
      { class_name: "Dropout", config: { seed: null } },
    ],
  };
  it("seeds every random initializer, and only those, without touching the input", () => {
    const { topology, seeded } = seedInitializers(topo, 5);
    expect(seeded).toBe(2);
    const layers = (topology as typeof topo).layers;
    const k0 = layers[0]!.config.kernel_initializer!.config.seed as unknown as number;
    const k1 = layers[1]!.config.kernel_initializer!.config.seed as unknown as number;
    expect(Number.isInteger(k0) && Number.isInteger(k1) && k0 !== k1).toBe(true);
    expect(layers[0]!.config.bias_initializer).toEqual({ class_name: "Zeros", config: {} });
    expect(layers[2]!.config.seed).toBeNull();
    expect(topo.layers[0]!.config.kernel_initializer!.config.seed).toBeNull();
  });
  it("is a function of the seed", () => {
    expect(seedInitializers(topo, 5)).toEqual(seedInitializers(topo, 5));
    expect(seedInitializers(topo, 6)).not.toEqual(seedInitializers(topo, 5));
    expect(() => seedInitializers(topo, -1)).toThrow("seed must be an integer in 0..2^32-1, got -1");
  });
});

describe("randomInitModel", () => {
  it("draws Glorot-uniform kernels and leaves BatchNorm at its initial values", async () => {
    const { json } = await readModelDir(dir);
    const m = await randomInitModel(json, 1);
    if (m.kind !== "layers") throw new Error("expected a layers model");
    const [kernel] = m.model.getLayer("conv").getWeights();
    const [, bias] = m.model.getLayer("probs").getWeights();
    // The fixture's conv layer is configured with Glorot uniform: U(-l, l) with
    // l = sqrt(6 / (fan_in + fan_out)); kernel [3,3,2,3]: fan_in = 9*2 = 18, fan_out = 9*3 = 27,
    // so l = sqrt(6/45) = 0.36515. Uniform on 54 values: the largest |w| is near l.
    const limit = Math.sqrt(6 / 45);
    const k = Array.from(kernel!.dataSync()).map(Math.abs);
    expect(Math.max(...k)).toBeLessThanOrEqual(limit);
    expect(Math.max(...k)).toBeGreaterThan(0.8 * limit);
    expect(Array.from(bias!.dataSync())).toEqual([0, 0]); // Dense biases start at zero

    // BatchNorm [gamma, beta, moving_mean, moving_variance] start at [1, 0, 0, 1].
    const bn = m.model
      .getLayer("conv_bn")
      .getWeights()
      .map((w) => Array.from(w.dataSync()));
    expect(bn).toEqual([
      [1, 1, 1],
      [0, 0, 0],
      [0, 0, 0],
      [1, 1, 1],
    ]);
    m.model.dispose();
  });

  it("refuses graph models", async () => {
    const { json } = await readModelDir(dir);
    const graph = { ...json, format: "graph-model", modelTopology: { node: [] } };
    await expect(randomInitModel(graph, 1)).rejects.toThrow(
      "model.json: random-init needs a layers model; a graph model carries no initializers",
    );
  });
});

describe("random-init engine", () => {
  it("has the pretrained shapes, other weights, and is reproducible per seed", async () => {
    const pre = await openTfjsEngine({ kind: "dir", dir }, { backend: "cpu" });
    const r1 = await openTfjsEngine(
      { kind: "random-init", base: { kind: "dir", dir }, seed: 42 },
      { backend: "cpu" },
    );
    const r1b = await openTfjsEngine(
      { kind: "random-init", base: { kind: "dir", dir }, seed: 42 },
      { backend: "cpu" },
    );
    const r2 = await openTfjsEngine(
      { kind: "random-init", base: { kind: "dir", dir }, seed: 43 },
      { backend: "cpu" },
    );

    expect(r1.listLayers()).toEqual(pre.listLayers());
    expect(r1.params).toBe(pre.params);
    expect(r1.weightsHash).not.toBe(pre.weightsHash);
    expect(r1b.weightsHash).toBe(r1.weightsHash);
    expect(r2.weightsHash).not.toBe(r1.weightsHash);

    const x = tinyBatch(3, 9);
    const layers = ["conv", "dw_relu", "flat", "probs"];
    const [a, b, c, d] = await Promise.all([pre, r1, r1b, r2].map((e) => e.extract(x, 3, layers)));
    for (const name of layers) {
      expect(b!.get(name)!.dim).toBe(a!.get(name)!.dim);
      expect(Array.from(b!.get(name)!.data)).not.toEqual(Array.from(a!.get(name)!.data));
      expect(Array.from(c!.get(name)!.data)).toEqual(Array.from(b!.get(name)!.data));
      expect(Array.from(d!.get(name)!.data)).not.toEqual(Array.from(b!.get(name)!.data));
    }
    const before = tf.memory().numTensors;
    await Promise.all([pre, r1, r1b, r2].map((e) => e.dispose()));
    expect(tf.memory().numTensors).toBeLessThan(before);
  });
});
