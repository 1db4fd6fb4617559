/**
 * A tiny layers model with seeded weights, written to disk in TF.js format, for the tests of this
 * folder and of the engine pool (fast on every backend, unlike MobileNetV2).
 *
 * Architecture (input 6x6x2), chosen to exercise every rewrite of fast-plan.ts:
 *   img [6,6,2] -> ident: Conv2D 1x1, identity kernel, no bias (output = input, exactly)
 *   -> pad: ZeroPadding2D ((0,1),(0,1)) [7,7,2] -> conv: Conv2D 3x3 stride 2 valid, 3 filters, no bias,
 *      Glorot-uniform initializer [3,3,3] -> conv_bn: BatchNormalization -> conv_relu: ReLU(max 6)
 *   -> dw: DepthwiseConv2D 3x3 same, no bias -> dw_bn: BatchNormalization -> dw_relu: ReLU(max 6)
 *   -> add: Add(conv_relu, dw_relu) -> reshape: [9,3] -> flat: Flatten [27] -> probs: Dense 2, softmax
 * Weight values: 4 + 54 + 12 + 27 + 12 + 56 = 165 (float32: 660 bytes).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../metrics/stats/rng";

export const TINY_INPUT: [number, number, number] = [6, 6, 2];

/** Build the tiny model; every weight except the identity kernel is drawn from createRng(seed). */
export function tinyModel(seed: number): tf.LayersModel {
  const input = tf.input({ shape: TINY_INPUT, name: "img" });
  const ident = tf.layers.conv2d({ name: "ident", filters: 2, kernelSize: 1, useBias: false }).apply(input);
  const pad = tf.layers
    .zeroPadding2d({
      name: "pad",
      padding: [
        [0, 1],
        [0, 1],
      ],
    })
    .apply(ident);
  const conv = tf.layers
    .conv2d({
      name: "conv",
      filters: 3,
      kernelSize: 3,
      strides: 2,
      padding: "valid",
      useBias: false,
      // Keras's default (TF.js defaults to Glorot normal); random-init.test.ts checks its bound.
      kernelInitializer: "glorotUniform",
    })
    .apply(pad);
  const convBn = tf.layers.batchNormalization({ name: "conv_bn" }).apply(conv);
  const convRelu = tf.layers.reLU({ name: "conv_relu", maxValue: 6 }).apply(convBn);
  const dw = tf.layers
    .depthwiseConv2d({ name: "dw", kernelSize: 3, padding: "same", useBias: false })
    .apply(convRelu);
  const dwBn = tf.layers.batchNormalization({ name: "dw_bn" }).apply(dw);
  const dwRelu = tf.layers.reLU({ name: "dw_relu", maxValue: 6 }).apply(dwBn);
  const add = tf.layers.add({ name: "add" }).apply([convRelu, dwRelu] as tf.SymbolicTensor[]);
  const reshape = tf.layers.reshape({ name: "reshape", targetShape: [9, 3] }).apply(add);
  const flat = tf.layers.flatten({ name: "flat" }).apply(reshape);
  const probs = tf.layers.dense({ name: "probs", units: 2, activation: "softmax" }).apply(flat);
  const model = tf.model({ inputs: input, outputs: probs as tf.SymbolicTensor, name: "tiny" });

  const rng = createRng(seed);
  const uniform = (n: number, lo: number, hi: number) =>
    Float32Array.from({ length: n }, () => lo + (hi - lo) * rng.next());
  for (const layer of model.layers) {
    const values = layer.getWeights().map((w, i) => {
      const n = w.size;
      if (layer.name === "ident") return tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]);
      // BatchNorm weights are [gamma, beta, moving_mean, moving_variance]; the variance must be > 0.
      if (layer.getClassName() === "BatchNormalization" && i === 3)
        return tf.tensor(uniform(n, 0.5, 1.5), w.shape);
      // Weights in [-1, 1]: activations of a few units, so ReLU6 clips some of them and zeroes others.
      return tf.tensor(uniform(n, -1, 1), w.shape);
    });
    if (values.length > 0) {
      layer.setWeights(values);
      tf.dispose(values);
    }
  }
  return model;
}

/**
 * Write the tiny model to `dir` as model.json plus `shards` weight files (split in the middle, the way
 * the converter splits at its shard size). Returns the shard file names in manifest order.
 */
export async function writeTinyModel(dir: string, seed: number, shards: 1 | 2 = 2): Promise<string[]> {
  const model = tinyModel(seed);
  let artifacts: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  model.dispose();
  const a = artifacts as tf.io.ModelArtifacts | null;
  if (!a?.weightData || !a.weightSpecs) throw new Error("writeTinyModel: save produced no weights");
  const parts = Array.isArray(a.weightData) ? a.weightData : [a.weightData];
  const bytes = Buffer.concat(parts.map((p) => new Uint8Array(p)));
  const cut = shards === 1 ? bytes.length : Math.floor(bytes.length / 2);
  const pieces = shards === 1 ? [bytes] : [bytes.subarray(0, cut), bytes.subarray(cut)];
  const names = pieces.map((_, i) => `group1-shard${i + 1}of${shards}.bin`);
  await mkdir(dir, { recursive: true });
  await Promise.all(pieces.map((p, i) => writeFile(path.join(dir, names[i]!), p)));
  const json = {
    format: "layers-model",
    generatedBy: "transfer-audit test fixture",
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: names, weights: a.weightSpecs }],
  };
  await writeFile(path.join(dir, "model.json"), JSON.stringify(json));
  return names;
}

/** n deterministic images of the tiny input shape, values in [0, 1). */
export function tinyBatch(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const per = TINY_INPUT[0] * TINY_INPUT[1] * TINY_INPUT[2];
  return Float32Array.from({ length: n * per }, () => rng.next());
}
