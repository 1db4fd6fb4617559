/**
 * Mappings the bundled models do not use (other activations, merge layers, pooling variants, rank-3
 * tensors, Dense on a map, Reshape into a map, BatchNormalization on vectors, a softmax over the
 * channels of a map), in one seeded functional model fed real MNIST digits, compared with TF.js
 * (cpu backend: it has every kernel, e.g. erf for gelu) layer by layer. Tolerance as in
 * bundled-models.test.ts: 1e-4 * max(1, the layer's largest |value|).
 */
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoFiles, readDemoMeta } from "@/lib/datasets/demo";
import { createRng } from "../../../metrics/stats/rng";
import { initTf } from "../../tfjs/backend";
import { convertLayersModel } from "./index";
import { compareLayers } from "./test-support";

type Sym = tf.SymbolicTensor;
const apply = (layer: tf.layers.Layer, x: Sym | Sym[]) => layer.apply(x) as Sym;

function zooModel(seed: number): tf.LayersModel {
  const L = tf.layers;
  const input = tf.input({ shape: [28, 28, 1], name: "digit" });
  const c = apply(
    L.conv2d({ name: "c_elu", filters: 4, kernelSize: 3, strides: 2, padding: "same", activation: "elu" }),
    input,
  );
  const d = apply(
    L.conv2d({
      name: "d_selu_dilated",
      filters: 4,
      kernelSize: 3,
      dilationRate: 2,
      padding: "same",
      activation: "selu",
    }),
    c,
  );
  const e = apply(
    L.depthwiseConv2d({
      name: "e_swish_dw",
      kernelSize: 3,
      depthMultiplier: 2,
      strides: 2,
      padding: "same",
      activation: "swish",
    }),
    c,
  );
  const acts = [
    "mish",
    "gelu",
    "hardSigmoid",
    "softplus",
    "softsign",
    "tanh",
    "sigmoid",
    "relu6",
    "logSoftmax",
    "softmax",
  ];
  const activated = acts.map((a) => apply(L.activation({ name: `act_${a}`, activation: a as "relu" }), d));
  const leaky = apply(L.leakyReLU({ name: "leaky", alpha: 0.2 }), d);
  const eluLayer = apply(L.elu({ name: "elu_layer" }), d);
  const relu = apply(L.reLU({ name: "relu_plain" }), d);
  const soft = apply(L.softmax({ name: "softmax_channels", axis: -1 }), d);
  const sum3 = apply(L.add({ name: "add3" }), [c, d, leaky]);
  const add2 = apply(L.add({ name: "add2" }), [c, d]);
  const mul = apply(L.multiply({ name: "mul3" }), [c, activated[0]!, eluLayer]);
  const avg = apply(L.average({ name: "avg" }), [relu, soft]);
  const max = apply(L.maximum({ name: "max" }), [c, d]);
  const min = apply(L.minimum({ name: "min" }), [sum3, mul]);
  const cat = apply(L.concatenate({ name: "cat", axis: -1 }), [add2, avg, max, min, ...activated.slice(1)]);
  const mp = apply(L.maxPooling2d({ name: "maxpool_same", poolSize: 3, strides: 2, padding: "same" }), cat);
  const ap = apply(
    L.averagePooling2d({ name: "avgpool_valid", poolSize: 3, strides: 2, padding: "valid" }),
    cat,
  );
  const gap = apply(L.globalAveragePooling2d({ name: "gap" }), e);
  const gmp = apply(L.globalMaxPooling2d({ name: "gmp" }), mp);
  const bn = apply(L.batchNormalization({ name: "bn_vec" }), gap);
  const drop = apply(L.dropout({ name: "drop", rate: 0.5 }), bn);
  const toMap = apply(L.reshape({ name: "to_map", targetShape: [2, 2, 2] }), drop); // gap of e: 4 channels x multiplier 2
  const seq = apply(L.reshape({ name: "to_seq", targetShape: [9, 208] }), ap); // ap is [6, 6, 52]: 6*6*52 = 9*208
  const seqDense = apply(L.dense({ name: "seq_dense", units: 5, activation: "softmax" }), seq);
  const mapDense = apply(L.dense({ name: "map_dense", units: 3, activation: "tanh" }), mp);
  const flat = apply(L.flatten({ name: "flat" }), mapDense);
  const head = apply(
    L.dense({ name: "head", units: 4, activation: "softplus" }),
    apply(L.concatenate({ name: "feat" }), [flat, gmp]),
  );
  const model = tf.model({ inputs: input, outputs: [head, seqDense, toMap], name: "zoo" });

  const rng = createRng(seed);
  for (const layer of model.layers) {
    const values = layer.getWeights().map((w, i) => {
      // BatchNorm weights are [gamma, beta, moving_mean, moving_variance]; the variance must be > 0.
      const variance = layer.getClassName() === "BatchNormalization" && i === 3;
      return tf.tensor(
        Float32Array.from({ length: w.size }, () => (variance ? 0.5 + rng.next() : rng.next() - 0.5)),
        w.shape,
      );
    });
    if (values.length > 0) {
      layer.setWeights(values);
      tf.dispose(values);
    }
  }
  return model;
}

let model: tf.LayersModel;
beforeAll(async () => {
  await initTf("cpu");
  model = zooModel(3);
});
afterAll(() => model?.dispose());

describe("the other mappings", () => {
  it("equal TF.js on real digits, every layer", async () => {
    const dir = path.resolve("public/demo");
    const { pixels } = loadDemoFiles(dir, readDemoMeta(dir, "mnist-0-4"));
    const n = 4;
    const x = Float32Array.from(pixels!.subarray(0, n * 784), (v) => v / 255);
    const converted = convertLayersModel(model);
    expect(converted.layers).toHaveLength(model.layers.length - 1);
    const layout = Object.fromEntries(converted.layers.map((l) => [l.name, l.layout]));
    // A Reshape into a map and a Dense on a map come out NCHW like every 4-D output; rank 3 stays TF.js order.
    expect([layout.to_map, layout.map_dense, layout.to_seq, layout.seq_dense, layout.gap]).toEqual([
      "nchw",
      "nchw",
      "other",
      "other",
      "nc",
    ]);
    const rows = await compareLayers(model, converted, x, n);
    for (const r of rows) expect(r.diff, r.name).toBeLessThanOrEqual(1e-4 * Math.max(1, r.scale));
  });
});
