/**
 * The bag-of-words encoder: a small dense network over a fixed word list, trained here so the
 * project has a text model whose provenance it controls end to end.
 *
 *   input "bow"      V term weights (see bow.ts)
 *   dense "hidden"   128 units, ReLU
 *   dense "features" 32 units, ReLU   <- the representation audits read
 *   dense "head"     one unit per class, softmax (the pretraining task)
 *
 * Training is plain mini-batch Adam (Kingma & Ba 2015) on categorical cross-entropy with an L2
 * penalty on the first kernel (it holds most of the V x 128 parameters). It is reproducible bit for
 * bit on one backend: kernels are drawn by seeded Glorot-uniform initialisers (Glorot & Bengio
 * 2010), biases start at zero, the batch order is a seeded permutation per epoch (`lib/metrics/
 * stats/rng.ts`), and there is no dropout or other unseeded randomness. Different backends (cpu,
 * wasm) may round differently, so the backend is recorded next to the weights hash.
 *
 * Functions here take and return plain arrays; every tensor is freed before they return.
 */
import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import { createRng, permutation } from "@/lib/metrics/stats/rng";

export const BOW_LAYER_NAMES = {
  input: "bow",
  hidden: "hidden",
  features: "features",
  head: "head",
} as const;

export interface BowArchitecture {
  inputSize: number;
  hidden: number;
  features: number;
  classes: number;
}

export interface BowDataset {
  /** Row-major rows x inputSize. */
  x: Float32Array;
  /** Class index per row. */
  y: Int32Array;
}

export interface BowTrainingOptions {
  architecture: BowArchitecture;
  train: BowDataset;
  heldOut?: BowDataset;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the "hidden" kernel. */
  l2: number;
  onEpoch?: (epoch: number, loss: number) => void;
}

/** What `model.save` would write, as plain data. */
export interface BowArtifacts {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: Uint8Array;
}

export interface TrainedBowModel {
  artifacts: BowArtifacts;
  /** sha256 (hex) over the weight bytes in manifest order. */
  weightsHash: string;
  parameterCount: number;
  backend: string;
  /** Mean training loss per epoch. */
  lossHistory: number[];
  heldOut: { accuracy: number; predictions: Int32Array } | null;
}

function checkDataset(name: string, d: BowDataset, arch: BowArchitecture): number {
  if (d.x.length % arch.inputSize !== 0) {
    throw new Error(`${name}.x: length ${d.x.length} is not a multiple of inputSize ${arch.inputSize}`);
  }
  const rows = d.x.length / arch.inputSize;
  if (rows !== d.y.length) throw new Error(`${name}: ${rows} rows of x but ${d.y.length} labels`);
  if (rows < 2) throw new Error(`${name}: need at least 2 rows, got ${rows}`);
  for (let i = 0; i < d.x.length; i++) {
    if (!Number.isFinite(d.x[i]!))
      throw new Error(`${name}.x: non-finite value at row ${Math.floor(i / arch.inputSize)}`);
  }
  for (let i = 0; i < rows; i++) {
    const c = d.y[i]!;
    if (!(c >= 0 && c < arch.classes))
      throw new Error(`${name}.y: label ${c} at row ${i} outside 0..${arch.classes - 1}`);
  }
  return rows;
}

/** A fresh, compiled-free BoW model with seeded initial weights. The caller disposes it. */
function checkArchitecture(arch: BowArchitecture): void {
  for (const k of ["inputSize", "hidden", "features", "classes"] as const) {
    if (!Number.isInteger(arch[k]) || arch[k] < 1)
      throw new Error(`architecture.${k}: expected a positive integer, got ${arch[k]}`);
  }
  if (arch.classes < 2) throw new Error(`architecture.classes: need at least 2 classes, got ${arch.classes}`);
}

export function buildBowModel(arch: BowArchitecture, seed: number, l2 = 0): tf.LayersModel {
  checkArchitecture(arch);
  const input = tf.input({ shape: [arch.inputSize], name: BOW_LAYER_NAMES.input });
  const hidden = tf.layers
    .dense({
      units: arch.hidden,
      activation: "relu",
      name: BOW_LAYER_NAMES.hidden,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      kernelRegularizer: l2 > 0 ? tf.regularizers.l2({ l2 }) : undefined,
    })
    .apply(input) as tf.SymbolicTensor;
  const features = tf.layers
    .dense({
      units: arch.features,
      activation: "relu",
      name: BOW_LAYER_NAMES.features,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    })
    .apply(hidden) as tf.SymbolicTensor;
  const head = tf.layers
    .dense({
      units: arch.classes,
      activation: "softmax",
      name: BOW_LAYER_NAMES.head,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    })
    .apply(features) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: head, name: "bow_encoder" });
}

function toBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) throw new Error("model artifacts: no weight data");
  return new Uint8Array(tf.io.concatenateArrayBuffers(data));
}

export async function modelArtifacts(model: tf.LayersModel): Promise<BowArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: "JSON" } };
    }),
  );
  const a = saved as tf.io.ModelArtifacts | null;
  if (!a?.modelTopology || !a.weightSpecs) throw new Error("model.save: no topology or weight specs");
  return {
    modelTopology: a.modelTopology as object,
    weightSpecs: a.weightSpecs,
    weightData: toBytes(a.weightData),
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** model.json and weights file contents in the TF.js layers-model format. */
export function bowModelFiles(
  artifacts: BowArtifacts,
  weightsFile = "weights.bin",
): { modelJson: string; weights: Uint8Array } {
  const json = {
    format: "layers-model",
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs }],
  };
  return { modelJson: `${JSON.stringify(json)}\n`, weights: artifacts.weightData };
}

/** Argmax class per row of `x` (the model stays owned by the caller). */
export function predictClasses(
  model: tf.LayersModel,
  x: Float32Array,
  inputSize: number,
  batchSize = 512,
): Int32Array {
  const rows = x.length / inputSize;
  const out = new Int32Array(rows);
  for (let start = 0; start < rows; start += batchSize) {
    const n = Math.min(batchSize, rows - start);
    const cls = tf.tidy(() => {
      const xs = tf.tensor2d(x.subarray(start * inputSize, (start + n) * inputSize), [n, inputSize]);
      return (model.predict(xs) as tf.Tensor).argMax(1).dataSync();
    });
    out.set(cls, start);
  }
  return out;
}

/** Train the encoder from scratch; see the file comment for what makes it reproducible. */
export async function trainBowModel(opts: BowTrainingOptions): Promise<TrainedBowModel> {
  const { architecture: arch, seed, epochs, batchSize, learningRate, l2 } = opts;
  checkArchitecture(arch);
  const rows = checkDataset("train", opts.train, arch);
  if (opts.heldOut) checkDataset("heldOut", opts.heldOut, arch);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs: expected a positive integer, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batchSize: expected a positive integer, got ${batchSize}`);
  if (!(learningRate > 0)) throw new Error(`learningRate: expected > 0, got ${learningRate}`);
  if (!(l2 >= 0)) throw new Error(`l2: expected >= 0, got ${l2}`);

  await tf.ready();
  const model = buildBowModel(arch, seed, l2);
  const optimizer = tf.train.adam(learningRate);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const rng = createRng(seed);
  const d = arch.inputSize;
  const xb = new Float32Array(batchSize * d);
  const yb = new Float32Array(batchSize * arch.classes);
  const lossHistory: number[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = permutation(rows, rng);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < rows; start += batchSize) {
        const n = Math.min(batchSize, rows - start);
        yb.fill(0, 0, n * arch.classes);
        for (let k = 0; k < n; k++) {
          const i = order[start + k]!;
          xb.set(opts.train.x.subarray(i * d, (i + 1) * d), k * d);
          yb[k * arch.classes + opts.train.y[i]!] = 1;
        }
        const xs = tf.tensor2d(xb.subarray(0, n * d), [n, d]);
        const ys = tf.tensor2d(yb.subarray(0, n * arch.classes), [n, arch.classes]);
        try {
          const loss = await model.trainOnBatch(xs, ys);
          lossSum += Array.isArray(loss) ? loss[0]! : loss;
          batches += 1;
        } finally {
          xs.dispose();
          ys.dispose();
        }
      }
      lossHistory.push(lossSum / batches);
      opts.onEpoch?.(epoch, lossSum / batches);
    }
    let heldOut: TrainedBowModel["heldOut"] = null;
    if (opts.heldOut) {
      const predictions = predictClasses(model, opts.heldOut.x, d);
      let correct = 0;
      predictions.forEach((p, i) => {
        if (p === opts.heldOut!.y[i]) correct += 1;
      });
      heldOut = { accuracy: correct / predictions.length, predictions };
    }
    const artifacts = await modelArtifacts(model);
    return {
      artifacts,
      weightsHash: sha256Hex(artifacts.weightData),
      parameterCount: model.countParams(),
      backend: tf.getBackend(),
      lossHistory,
      heldOut,
    };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
