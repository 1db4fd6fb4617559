import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../metrics/stats/rng";
import { initTf } from "./backend";
import { openTfjsEngine, type TfjsEngine } from "./engine";
import { MOBILENET_V2, nsfwjsDir, readMobileNetV2Artifacts, readNsfwjsModel } from "./mobilenet";

let engine: TfjsEngine;
const N = 2;
let batch: Float32Array;

beforeAll(async () => {
  await initTf("wasm");
  engine = await openTfjsEngine({ kind: "mobilenet_v2" }, { backend: "wasm" });
  const rng = createRng(2024);
  batch = Float32Array.from({ length: N * 224 * 224 * 3 }, () => rng.next());
});
afterAll(async () => {
  await engine?.dispose();
});

describe("bundled MobileNetV2 artifacts", () => {
  it("declares the MobileNetV2 backbone plus the nsfwjs head", () => {
    const a = readMobileNetV2Artifacts();
    // keras.io/api/applications: MobileNetV2 1.0/224 has 3,538,984 parameters with its 1000-class top,
    // whose Dense holds 1280*1000 + 1000 = 1,281,000; backbone = 2,257,984. The nsfwjs head adds
    // dense_1 1280*256+256 = 327,936, dense_2 256*128+128 = 32,896, dense_3 128*5+5 = 645.
    expect(a.params).toBe(2_257_984 + 327_936 + 32_896 + 645);
    expect(a.kind).toBe("layers");
  });

  it("hashes the decoded weight bytes", () => {
    // Independent decode: pull the base64 literal out of the shard file with a regex (no vm).
    const file = path.join(nsfwjsDir(), "dist/models/mobilenet_v2/group1-shard1of1.min.js");
    const b64 = /exports="([A-Za-z0-9+/=]+)"/.exec(readFileSync(file, "utf8"))![1]!;
    const expected = createHash("sha256").update(Buffer.from(b64, "base64")).digest("hex");
    expect(readMobileNetV2Artifacts().weightsHash).toBe(expected);
    expect(engine.weightsHash).toBe(expected);
  });
});

describe("MobileNetV2 engine", () => {
  it("lists 162 layers with the Keras names and shapes", () => {
    const layers = engine.listLayers();
    expect(layers).toHaveLength(162);
    const by = new Map(layers.map((l) => [l.name, l]));
    // Shapes from the MobileNetV2 paper's Table 2 (224 input: 28x28 after block 5, 7x7x1280 at the end;
    // block 6 expands 32 channels by t = 6 to 192) and the nsfwjs head (256, 128, 5).
    expect(layers[0]).toEqual({
      index: 0,
      name: "input_1",
      className: "InputLayer",
      outputShape: [null, 224, 224, 3],
      params: 0,
    });
    expect(by.get("block_6_expand_relu")?.outputShape).toEqual([null, 28, 28, 192]);
    expect(by.get("out_relu")?.outputShape).toEqual([null, 7, 7, 1280]);
    expect(by.get("average_pooling2d_1")?.outputShape).toEqual([null, 1, 1, 1280]);
    expect(by.get("flatten_1")?.outputShape).toEqual([null, 1280]);
    expect(by.get("dense_3")).toMatchObject({ className: "Dense", outputShape: [null, 5], params: 645 });
    expect(layers.reduce((s, l) => s + l.params, 0)).toBe(engine.params);
    expect(engine.inputShape).toEqual([224, 224, 3]);
    expect(engine.head).toEqual({ layer: "dense_3", classes: 5 });
    for (const s of MOBILENET_V2.layers) expect(by.get(s.name)?.outputShape.at(-1)).toBe(s.dim);
  });

  it("extracts several layers in one pass, equal to single runs, consistent with each other", async () => {
    const names = ["block_6_expand_relu", "out_relu", "average_pooling2d_1", "flatten_1", "dense_3"];
    const before = tf.memory().numTensors;
    const multi = await engine.extract(batch, N, names);
    expect(names.map((n) => multi.get(n)!.dim)).toEqual([192, 1280, 1280, 1280, 5]);
    for (const name of ["block_6_expand_relu", "flatten_1"]) {
      const single = (await engine.extract(batch, N, [name])).get(name)!;
      expect(Array.from(single.data)).toEqual(Array.from(multi.get(name)!.data));
    }
    // flatten_1 is the 1x1x1280 average_pooling2d_1 map flattened: identical values.
    expect(Array.from(multi.get("flatten_1")!.data)).toEqual(
      Array.from(multi.get("average_pooling2d_1")!.data),
    );
    // average_pooling2d_1 is a 7x7 average pool of the 7x7 out_relu map, i.e. the global average our
    // pooling computes from out_relu: equal up to float32 summation order.
    const gap = multi.get("out_relu")!.data;
    const ap = multi.get("average_pooling2d_1")!.data;
    for (let i = 0; i < gap.length; i++) expect(gap[i]!).toBeCloseTo(ap[i]!, 5);
    // Softmax rows sum to 1.
    const p = multi.get("dense_3")!.data;
    for (let i = 0; i < N; i++)
      expect(p.subarray(5 * i, 5 * i + 5).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // Same input, same output; no tensor left behind.
    const again = await engine.extract(batch, N, ["flatten_1"]);
    expect(Array.from(again.get("flatten_1")!.data)).toEqual(Array.from(multi.get("flatten_1")!.data));
    expect(tf.memory().numTensors).toBe(before);
  });

  it("runs through the fast plan within float32 rounding of the unmodified model", async () => {
    // Keras MobileNetV2: 35 Conv2D (Conv1, 16 expansions, 17 projections, Conv_1) and 17 depthwise
    // convolutions, each followed by BatchNorm (52); ReLU6 after every BatchNorm except the 17 linear
    // projections (35); ZeroPadding2D before the 5 stride-2 'valid' convolutions.
    expect(engine.planSummary).toMatchObject({
      foldedBatchNorms: 52,
      fusedActivations: 35,
      absorbedPaddings: 5,
    });
    const ref = await openTfjsEngine({ kind: "mobilenet_v2" }, { backend: "wasm", optimize: false });
    const names = ["block_6_expand_relu", "block_6_project_BN", "out_relu", "dense_3"];
    const [a, b] = [await engine.extract(batch, N, names), await ref.extract(batch, N, names)];
    for (const name of names) {
      const p = a.get(name)!.data;
      const q = b.get(name)!.data;
      let worst = 0;
      for (let i = 0; i < p.length; i++) worst = Math.max(worst, Math.abs(p[i]! - q[i]!));
      // Activations here are at most ~10 in magnitude; float32 rounding of the folded weights stays
      // orders of magnitude below 1e-4 (1e-5 measured at out_relu).
      expect(worst, name).toBeLessThan(1e-4);
    }
    await ref.dispose();
  });

  it("has a random-init twin with the same layers and different weights", async () => {
    const src = { kind: "random-init", base: { kind: "mobilenet_v2" }, seed: 7 } as const;
    const r = await openTfjsEngine(src, { backend: "wasm" });
    expect(r.listLayers()).toEqual(engine.listLayers());
    expect(r.weightsHash).not.toBe(engine.weightsHash);
    const out = (await r.extract(batch, N, ["block_6_expand_relu", "flatten_1"])).get("flatten_1")!;
    const pre = (await engine.extract(batch, N, ["flatten_1"])).get("flatten_1")!;
    expect(out.dim).toBe(1280);
    expect(Array.from(out.data)).not.toEqual(Array.from(pre.data));
    // See random-init.ts: without data-dependent BatchNorm the signal shrinks with depth.
    const maxAbs = out.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(maxAbs).toBeGreaterThan(0);
    expect(maxAbs).toBeLessThan(1e-6);
    await r.dispose();
    // Reproducibility per seed is checked on the tiny model (random-init.test.ts), where it is cheap.
  });
});

describe("graph model from a directory (nsfwjs MobileNetV2-mid)", () => {
  const SPC =
    "StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict";
  const expand6 = `${SPC}/MobilenetV2/expanded_conv_6/expand/Relu6`;
  const feature = `${SPC}/feature_vector/SpatialSqueeze`;

  it("loads, lists nodes, finds the softmax head, extracts nodes in one pass", async () => {
    // Write the package's model as a converter would: model.json + two shard files.
    const dir = mkdtempSync(path.join(tmpdir(), "ta-graph-"));
    try {
      const { json, shards } = readNsfwjsModel("mobilenet_v2_mid");
      writeFileSync(path.join(dir, "model.json"), JSON.stringify(json));
      for (const [name, bytes] of shards) writeFileSync(path.join(dir, name), bytes);
      expect(shards.size).toBe(2);

      const g = await openTfjsEngine({ kind: "dir", dir }, { backend: "wasm" });
      const layers = g.listLayers();
      // 178 GraphDef nodes, 108 of them weight constants (the manifest's 108 weights): 70 listed.
      expect(layers).toHaveLength(70);
      expect(layers[0]).toMatchObject({
        name: "input",
        className: "Placeholder",
        outputShape: [null, 224, 224, 3],
      });
      expect(g.inputShape).toEqual([224, 224, 3]);
      expect(layers.reduce((s, l) => s + l.params, 0)).toBe(g.params);
      // Output "Identity:0" = Softmax over the 5 nsfwjs classes (signature: [-1, 5]).
      expect(g.head).toEqual({ layer: "Identity", classes: 5 });

      const x = batch.subarray(0, 224 * 224 * 3);
      const before = tf.memory().numTensors;
      const multi = await g.extract(x, 1, [expand6, feature, "Identity"]);
      const single = (await g.extract(x, 1, [expand6])).get(expand6)!;
      expect(Array.from(single.data)).toEqual(Array.from(multi.get(expand6)!.data));
      // The head's rows are probabilities.
      const p = multi.get("Identity")!.data;
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(multi.get("Identity")!.dim).toBe(5);
      expect(tf.memory().numTensors).toBe(before);
      await g.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
