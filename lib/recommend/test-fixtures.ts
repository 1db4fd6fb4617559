/**
 * A tiny synthetic transfer problem for the verification tests (fast on the wasm backend).
 *
 * Images 8x8x1: a bright bar of `length` pixels in one of four orientations (class 0 horizontal,
 * 1 vertical, 2 diagonal, 3 anti-diagonal) at a random position, on Gaussian pixel noise (sd `noise`).
 * Source task: length-5 bars, light noise. Target task: the same four orientations drawn shorter
 * (length 3) on heavier noise: a related task under a domain shift, where the source model's
 * orientation detectors are the features the target needs.
 *
 * The source CNN: conv1 3x3x8 same relu -> pool 2x2 -> conv2 3x3x8 same relu -> flatten -> feat dense
 * 16 relu -> head dense 4 softmax, every initializer seeded, trained with Adam on the source task.
 */
import * as tf from "@tensorflow/tfjs";
import { artifactsFromMemory, type ModelArtifacts } from "@/lib/embeddings/tfjs/load";
import { createRng, permutation } from "@/lib/metrics/stats/rng";

export const SIDE = 8;
export const BAR_CLASSES = 4;

const DIRS: readonly [number, number][] = [
  [0, 1],
  [1, 0],
  [1, 1],
  [1, -1],
];

export interface BarSet {
  x: Float32Array;
  y: Int32Array;
}

/** n images, classes balanced (i % 4), bar positions and noise from createRng(seed). */
export function bars(n: number, seed: number, length: number, noise: number): BarSet {
  const rng = createRng(seed);
  const x = new Float32Array(n * SIDE * SIDE);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % BAR_CLASSES;
    y[i] = c;
    const [dy, dx] = DIRS[c]!;
    // Start so that the whole bar stays inside the image.
    const r0min = dy < 0 ? length - 1 : 0;
    const r0max = SIDE - 1 - (dy > 0 ? length - 1 : 0);
    const c0min = dx < 0 ? length - 1 : 0;
    const c0max = SIDE - 1 - (dx > 0 ? length - 1 : 0);
    const r0 = r0min + rng.int(r0max - r0min + 1);
    const c0 = c0min + rng.int(c0max - c0min + 1);
    const img = x.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE);
    for (let p = 0; p < img.length; p++) img[p] = noise * rng.normal();
    for (let k = 0; k < length; k++) img[(r0 + k * dy) * SIDE + (c0 + k * dx)] = 1 + noise * rng.normal();
  }
  return { x, y };
}

export function buildBarCnn(seed: number): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  return tf.sequential({
    name: "bar_cnn",
    layers: [
      tf.layers.conv2d({
        name: "conv1",
        inputShape: [SIDE, SIDE, 1],
        filters: 8,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ name: "pool1", poolSize: 2 }),
      tf.layers.conv2d({
        name: "conv2",
        filters: 8,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: init(2),
      }),
      tf.layers.flatten({ name: "flatten" }),
      tf.layers.dense({ name: "feat", units: 16, activation: "relu", kernelInitializer: init(3) }),
      tf.layers.dense({
        name: "head",
        units: BAR_CLASSES,
        activation: "softmax",
        kernelInitializer: init(4),
      }),
    ],
  });
}

/** Train the bar CNN on the source task (seeded batch order) and return it as in-memory artifacts. */
export async function pretrainedBarModel(seed = 3, n = 1200, epochs = 6): Promise<ModelArtifacts> {
  const model = buildBarCnn(seed);
  const data = bars(n, seed, 5, 0.2);
  const optimizer = tf.train.adam(0.01);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const rng = createRng(seed);
  for (let e = 0; e < epochs; e++) {
    const order = permutation(n, rng);
    for (let from = 0; from < n; from += 32) {
      const idx = order.subarray(from, Math.min(n, from + 32));
      const xb = new Float32Array(idx.length * SIDE * SIDE);
      const yb = new Int32Array(idx.length);
      idx.forEach((i, k) => {
        xb.set(data.x.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE), k * SIDE * SIDE);
        yb[k] = data.y[i]!;
      });
      const xt = tf.tensor4d(xb, [idx.length, SIDE, SIDE, 1]);
      const yt = tf.tidy(() => tf.oneHot(tf.tensor1d(yb, "int32"), BAR_CLASSES));
      await model.trainOnBatch(xt, yt);
      tf.dispose([xt, yt]);
    }
  }
  optimizer.dispose();
  const a = await saveToMemory(model);
  model.dispose();
  return a;
}

async function saveToMemory(model: tf.LayersModel): Promise<ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  const a = saved as tf.io.ModelArtifacts | null;
  if (!a?.weightData || !a.weightSpecs) throw new Error("saveToMemory: save produced no weights");
  const parts = Array.isArray(a.weightData) ? a.weightData : [a.weightData];
  const bytes = new Uint8Array(Buffer.concat(parts.map((p) => new Uint8Array(p))));
  const json = {
    format: "layers-model",
    generatedBy: "transfer-audit recommend test fixture",
    convertedBy: null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: ["weights.bin"], weights: a.weightSpecs }],
  };
  return artifactsFromMemory(json, new Map([["weights.bin", bytes]]), "bar_cnn");
}
