import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headProbabilities } from "../engine/head";
import { initTf } from "./backend";
import { openTfjsEngine, type TfjsEngine } from "./engine";
import { poolFeatures } from "./extract";
import { TINY_INPUT, tinyBatch, writeTinyModel } from "./test-fixtures";

let root: string;
let dir: string;
let engine: TfjsEngine;

beforeAll(async () => {
  await initTf("wasm");
  root = await mkdtemp(path.join(tmpdir(), "ta-extract-"));
  dir = path.join(root, "tiny");
  await writeTinyModel(dir, 11);
  engine = await openTfjsEngine({ kind: "dir", dir }, { backend: "wasm" });
});
afterAll(async () => {
  await engine?.dispose();
  await rm(root, { recursive: true, force: true });
});

describe("poolFeatures", () => {
  it("averages or maxes a 2x2 map per channel", () => {
    // One image, 2x2 map, 2 channels. Channel 0 = [1, 2; 3, 6], channel 1 = [-1, -5; 0, -2].
    // By hand: avg = [(1+2+3+6)/4, (-1-5+0-2)/4] = [3, -2]; max = [6, 0].
    const t = tf.tensor4d([1, -1, 2, -5, 3, 0, 6, -2], [1, 2, 2, 2]);
    const avg = tf.tidy(() => poolFeatures(t, "avg"));
    const max = tf.tidy(() => poolFeatures(t, "max"));
    expect(avg.shape).toEqual([1, 2]);
    expect(Array.from(avg.dataSync())).toEqual([3, -2]);
    expect(Array.from(max.dataSync())).toEqual([6, 0]);
    tf.dispose([t, avg, max]);
  });
  it("passes [N,d] through and flattens other ranks per image", () => {
    const r3 = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const out = tf.tidy(() => poolFeatures(r3, "avg"));
    expect(out.shape).toEqual([2, 4]);
    expect(Array.from(out.dataSync())).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    tf.dispose([r3, out]);
  });
});

describe("TfjsEngine on a tiny model", () => {
  it("lists layers with shapes and parameter counts", () => {
    // Shapes and counts by hand from the fixture's architecture (test-fixtures.ts).
    expect(engine.listLayers()).toEqual([
      { index: 0, name: "img", className: "InputLayer", outputShape: [null, 6, 6, 2], params: 0 },
      { index: 1, name: "ident", className: "Conv2D", outputShape: [null, 6, 6, 2], params: 4 },
      { index: 2, name: "pad", className: "ZeroPadding2D", outputShape: [null, 7, 7, 2], params: 0 },
      // (7 - 3) / 2 + 1 = 3 with 'valid' padding and stride 2.
      { index: 3, name: "conv", className: "Conv2D", outputShape: [null, 3, 3, 3], params: 54 },
      {
        index: 4,
        name: "conv_bn",
        className: "BatchNormalization",
        outputShape: [null, 3, 3, 3],
        params: 12,
      },
      { index: 5, name: "conv_relu", className: "ReLU", outputShape: [null, 3, 3, 3], params: 0 },
      { index: 6, name: "dw", className: "DepthwiseConv2D", outputShape: [null, 3, 3, 3], params: 27 },
      { index: 7, name: "dw_bn", className: "BatchNormalization", outputShape: [null, 3, 3, 3], params: 12 },
      { index: 8, name: "dw_relu", className: "ReLU", outputShape: [null, 3, 3, 3], params: 0 },
      { index: 9, name: "add", className: "Add", outputShape: [null, 3, 3, 3], params: 0 },
      { index: 10, name: "reshape", className: "Reshape", outputShape: [null, 9, 3], params: 0 },
      { index: 11, name: "flat", className: "Flatten", outputShape: [null, 27], params: 0 },
      { index: 12, name: "probs", className: "Dense", outputShape: [null, 2], params: 56 },
    ]);
    expect(engine.inputShape).toEqual([6, 6, 2]);
    expect(engine.head).toEqual({ layer: "probs", classes: 2 });
  });

  it("pools a layer equal to the input by average and max, as computed by hand", async () => {
    // `ident` is a 1x1 convolution with the identity kernel, so its map is the input itself; the
    // reference is the per-channel mean / max over the 16 pixels, computed here in float64.
    const n = 2;
    const x = tinyBatch(n, 3);
    const [h, w, c] = TINY_INPUT;
    const avg = await engine.extract(x, n, ["ident"], "avg");
    const max = await engine.extract(x, n, ["ident"], "max");
    for (let i = 0; i < n; i++) {
      for (let ch = 0; ch < c; ch++) {
        let s = 0;
        let m = Number.NEGATIVE_INFINITY;
        for (let p = 0; p < h * w; p++) {
          const v = x[i * h * w * c + p * c + ch]!;
          s += v;
          m = Math.max(m, v);
        }
        expect(avg.get("ident")!.data[i * c + ch]).toBeCloseTo(s / (h * w), 6);
        expect(max.get("ident")!.data[i * c + ch]).toBe(Math.fround(m));
      }
    }
  });

  it("returns several layers from one pass, equal to single-layer runs exactly", async () => {
    const x = tinyBatch(3, 4);
    const names = ["conv", "reshape", "flat", "probs"];
    const multi = await engine.extract(x, 3, names);
    for (const name of names) {
      const single = (await engine.extract(x, 3, [name])).get(name)!;
      expect(multi.get(name)!.dim).toBe(single.dim);
      expect(Array.from(multi.get(name)!.data)).toEqual(Array.from(single.data));
    }
    // dims: conv pooled to 3 channels; reshape [9,3] flattened to 27; flat 27; probs 2.
    expect(names.map((nm) => multi.get(nm)!.dim)).toEqual([3, 27, 27, 2]);
    // reshape and flat hold the same values (Flatten of the [9,3] map).
    expect(Array.from(multi.get("reshape")!.data)).toEqual(Array.from(multi.get("flat")!.data));
    // Softmax rows sum to 1.
    const p = multi.get("probs")!.data;
    for (let i = 0; i < 3; i++) expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 6);
  });

  it("gives the same rows whatever the micro-batch size", async () => {
    // Images are independent in inference: passes of 2 + 2 + 1 must reproduce one pass of 5 bit for bit.
    const small = await openTfjsEngine({ kind: "dir", dir }, { backend: "wasm", microBatch: 2 });
    const x = tinyBatch(5, 8);
    const names = ["conv", "flat", "probs"];
    const [a, b] = await Promise.all([small.extract(x, 5, names), engine.extract(x, 5, names)]);
    for (const name of names) expect(Array.from(a.get(name)!.data)).toEqual(Array.from(b.get(name)!.data));
    await small.dispose();
    await expect(openTfjsEngine({ kind: "dir", dir }, { microBatch: 0 })).rejects.toThrow(
      "microBatch must be a positive integer, got 0",
    );
  });

  it("gives the same output on two runs and frees every tensor", async () => {
    const x = tinyBatch(4, 5);
    const first = await engine.extract(x, 4, ["conv", "probs"]);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) {
      const again = await engine.extract(x, 4, ["conv", "probs"], k % 2 ? "max" : "avg");
      if (k % 2 === 0)
        expect(Array.from(again.get("conv")!.data)).toEqual(Array.from(first.get("conv")!.data));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("agrees between wasm and cpu within 1e-4", async () => {
    const x = tinyBatch(3, 6);
    const names = ["conv", "conv_bn", "dw_relu", "add", "flat", "probs"];
    const onWasm = await engine.extract(x, 3, names);
    const cpu = await openTfjsEngine({ kind: "dir", dir }, { backend: "cpu" });
    expect(cpu.backend).toBe("cpu");
    const onCpu = await cpu.extract(x, 3, names);
    for (const name of names) {
      const a = onWasm.get(name)!.data;
      const b = onCpu.get(name)!.data;
      expect(a.length).toBe(b.length);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
      expect(worst).toBeLessThan(1e-4);
    }
    await cpu.dispose();
    // The wasm engine switches the thread back to its backend by itself.
    const back = await engine.extract(x, 3, ["conv"]);
    expect(Array.from(back.get("conv")!.data)).toEqual(Array.from(onWasm.get("conv")!.data));
    expect(tf.getBackend()).toBe("wasm");
  });

  it("returns head probabilities through the generic helper", async () => {
    const x = tinyBatch(3, 10);
    const h = await headProbabilities(engine, x, 3);
    expect(h.classes).toBe(2);
    const direct = (await engine.extract(x, 3, ["probs"])).get("probs")!;
    expect(Array.from(h.data)).toEqual(Array.from(direct.data));
  });

  it("throws clear errors on bad arguments", async () => {
    const x = tinyBatch(2, 7);
    await expect(engine.extract(x, 2, ["nope"])).rejects.toThrow(
      "layers: 'nope' is not a layer of this model",
    );
    await expect(engine.extract(x, 3, ["conv"])).rejects.toThrow(
      "batch has 144 values, expected n x 6 x 6 x 2 = 3 x 72 = 216",
    );
    const bad = x.slice();
    bad[100] = Number.NaN; // 100 = 72 + 28: image 1
    await expect(engine.extract(bad, 2, ["conv"])).rejects.toThrow("batch[100] (image 1) is NaN");
    await expect(openTfjsEngine({ kind: "dir", dir }, { inputShape: [5, 6, 2] })).rejects.toThrow(
      "inputShape[0] is 5 but the model's input fixes it at 6",
    );
  });
});
