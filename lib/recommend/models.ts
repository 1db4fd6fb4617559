/**
 * The three networks the verification trains, all built from one TF.js layers model:
 *   extractor = the model's input up to and including the split layer, pooled like the embeddings
 *               (lib/embeddings/engine/types.ts: a spatial map [N,h,w,c] is averaged over h and w,
 *               an [N,d] output passes through, any other rank is flattened per sample);
 *   head      = one dense softmax layer (Glorot-uniform kernel with a fixed seed, zero bias).
 * Every function returns models the caller disposes; feature extraction returns plain arrays.
 */
import * as tf from "@tensorflow/tfjs";

export const HEAD_NAME = "verify_head";
const POOL_NAME = "verify_pool";

/** The names of the model's layers, for error messages. */
function layerNames(model: tf.LayersModel): string {
  const names = model.layers.map((l) => l.name);
  return names.length > 12
    ? `${names.slice(0, 12).join(", ")}, ... (${names.length} layers)`
    : names.join(", ");
}

/** Output of `split`, pooled to [N, d] as the embeddings are. */
function pooledOutput(model: tf.LayersModel, split: string): tf.SymbolicTensor {
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(split);
  } catch {
    throw new Error(`splitLayer: '${split}' is not a layer of the model (layers: ${layerNames(model)})`);
  }
  const out = layer.output;
  if (Array.isArray(out))
    throw new Error(`splitLayer: '${split}' has ${out.length} outputs; need a single-output layer`);
  const rank = out.shape.length;
  if (rank === 2) return out;
  if (rank === 4)
    return tf.layers.globalAveragePooling2d({ name: POOL_NAME }).apply(out) as tf.SymbolicTensor;
  return tf.layers.flatten({ name: POOL_NAME }).apply(out) as tf.SymbolicTensor;
}

/** The model cut after `split` and pooled: its output is the feature vector the head sees. */
export function extractorModel(model: tf.LayersModel, split: string): tf.LayersModel {
  const out = pooledOutput(model, split);
  return tf.model({ inputs: model.inputs, outputs: out, name: "verify_extractor" });
}

function headLayer(classes: number, seed: number, inputDim?: number, l2 = 0): tf.layers.Layer {
  return tf.layers.dense({
    name: HEAD_NAME,
    units: classes,
    activation: "softmax",
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: "zeros",
    ...(l2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2 }) } : {}),
    ...(inputDim === undefined ? {} : { inputShape: [inputDim] }),
  });
}

/**
 * A lone head on precomputed d-dimensional features (strategy "frozen"). `l2` adds l2 * sum(W^2) to
 * the mean cross-entropy (TF.js's L2 regularizer).
 */
export function headModel(dim: number, classes: number, seed: number, l2 = 0): tf.LayersModel {
  return tf.sequential({ name: "verify_head_only", layers: [headLayer(classes, seed, dim, l2)] });
}

/** extractor(model, split) followed by a new head; every layer trainable. */
export function classifierModel(
  model: tf.LayersModel,
  split: string,
  classes: number,
  seed: number,
): tf.LayersModel {
  const features = pooledOutput(model, split);
  const out = headLayer(classes, seed).apply(features) as tf.SymbolicTensor;
  const net = tf.model({ inputs: model.inputs, outputs: out, name: "verify_classifier" });
  for (const l of net.layers) l.trainable = true;
  return net;
}

/**
 * Free a classifier built by `classifierModel` on `base`, and `base` itself. The classifier shares the
 * base's layers, each referenced once (TF.js counts one reference per symbolic call, and the cut reuses
 * the calls the base already made), so disposing the classifier would free the shared layers but leave
 * the base's unused top layers allocated, and disposing the base afterwards would then throw. Instead:
 * the base frees every layer it owns, then the one new layer with weights (the head) is freed.
 */
export function disposeClassifier(net: tf.LayersModel, base: tf.LayersModel): void {
  base.dispose();
  net.getLayer(HEAD_NAME).dispose();
}

/** Weight values of the extractor part (everything but the head), e.g. to compare with a parameter cap. */
export function extractorParams(model: tf.LayersModel, split: string): number {
  // The extractor shares its layers (and weights) with `model`: nothing new is allocated.
  return extractorModel(model, split).countParams();
}

/** Run `model` on rows of `x` (NHWC, per-sample shape `shape`) in batches; returns N x outDim floats. */
export function predictRows(
  model: tf.LayersModel,
  x: Float32Array,
  shape: readonly number[],
  batch = 128,
): Float32Array {
  const per = shape.reduce((a, b) => a * b, 1);
  const n = x.length / per;
  const outShape = model.outputs[0]!.shape;
  const dim = outShape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  const out = new Float32Array(n * dim);
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch);
    const values = tf.tidy(() => {
      const t = tf.tensor(x.subarray(from * per, to * per), [to - from, ...shape]);
      return (model.predict(t) as tf.Tensor).dataSync();
    });
    out.set(values, from * dim);
  }
  return out;
}

/** Copy of every weight value (trainable and not), to restore the best epoch later. */
export function snapshotWeights(model: tf.LayersModel): Float32Array[] {
  return model.weights.map((w) => (w.read().dataSync() as Float32Array).slice());
}

export function restoreWeights(model: tf.LayersModel, values: readonly Float32Array[]): void {
  const ws = model.weights;
  if (ws.length !== values.length)
    throw new Error(`restoreWeights: ${values.length} arrays for ${ws.length} weights`);
  const tensors = ws.map((w, i) => tf.tensor(values[i]!, w.shape as number[]));
  model.setWeights(tensors);
  tf.dispose(tensors);
}

export interface Standardisation {
  mean: Float32Array;
  scale: Float32Array;
}

/**
 * Column means and population standard deviations of rows `idx` of an n x d array; a constant column
 * gets scale 1. The frozen head is trained on standardised features, as the linear probe is
 * (lib/metrics/classifiers/logistic.ts): raw pooled activations can be tiny or huge, and Adam's step
 * size is fixed in weight units, so unstandardised heads train far slower on small-scale features.
 */
export function fitStandardisation(x: Float32Array, d: number, idx: ArrayLike<number>): Standardisation {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let k = 0; k < idx.length; k++) {
    const o = idx[k]! * d;
    for (let j = 0; j < d; j++) mean[j]! += x[o + j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= idx.length;
  for (let k = 0; k < idx.length; k++) {
    const o = idx[k]! * d;
    for (let j = 0; j < d; j++) sq[j]! += (x[o + j]! - mean[j]!) ** 2;
  }
  const scale = new Float32Array(d);
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(sq[j]! / idx.length);
    scale[j] = sd > 1e-12 * (Math.abs(mean[j]!) + 1) ? sd : 1;
  }
  return { mean: Float32Array.from(mean), scale };
}

/** (x - mean) / scale, row by row, into a new array. */
export function standardise(x: Float32Array, st: Standardisation): Float32Array {
  const d = st.mean.length;
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - st.mean[i % d]!) / st.scale[i % d]!;
  return out;
}

/**
 * Set the head of `net` to a head-only model trained on standardised features, with the
 * standardisation folded in so that `net` computes the same function on raw features:
 *   softmax(W^T (x - m) / s + b) = softmax(W'^T x + b'),  W'[j,k] = W[j,k] / s_j,
 *   b'[k] = b[k] - sum_j W[j,k] m_j / s_j.
 */
export function copyHead(from: tf.LayersModel, net: tf.LayersModel, st: Standardisation): void {
  const [kernel, bias] = from.getLayer(HEAD_NAME).getWeights();
  if (!kernel || !bias) throw new Error("copyHead: the head has no kernel and bias");
  const [d, c] = kernel.shape as [number, number];
  if (d !== st.mean.length)
    throw new Error(`copyHead: head has ${d} inputs, standardisation ${st.mean.length}`);
  const w = kernel.dataSync();
  const b = Float32Array.from(bias.dataSync());
  const w2 = new Float32Array(d * c);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < c; k++) {
      const v = w[j * c + k]! / st.scale[j]!;
      w2[j * c + k] = v;
      b[k]! -= v * st.mean[j]!;
    }
  }
  const tensors = [tf.tensor2d(w2, [d, c]), tf.tensor1d(b)];
  net.getLayer(HEAD_NAME).setWeights(tensors);
  tf.dispose(tensors);
}
