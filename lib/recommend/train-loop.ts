/**
 * One training run with Adam (Kingma & Ba, ICLR 2015), categorical cross-entropy, mini-batches in a
 * seeded order, and early stopping on the validation loss with the best weights restored (Prechelt,
 * "Early stopping — but when?", 1998; the Keras EarlyStopping(restore_best_weights) behaviour).
 *
 * Why step counts as well as epochs: with 10 samples per class an epoch is one or two optimizer
 * steps, so "patience 5 epochs" would stop a head after ten steps, long before Adam has moved it; with
 * thousands of samples an epoch is a hundred steps. So a run stops when the validation loss has not
 * improved for `patience` epochs spanning at least `patienceSteps` steps, never before `minSteps`
 * steps, and never runs more than `maxPasses` passes over the data (but at least `minSteps` steps) nor
 * more than `maxSteps` steps (nor `maxEpochs` epochs). For the same reason an
 * "epoch" (one validation check, one curve point) is one pass over the training part, or as many
 * passes as make up `minEpochSteps` steps when a pass is shorter.
 *
 * Determinism: the batch order comes from lib/metrics/stats/rng; initializers are seeded by the
 * caller; the wasm backend runs single-threaded in Node, so reductions happen in a fixed order.
 */
import * as tf from "@tensorflow/tfjs";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { predictRows, restoreWeights, snapshotWeights } from "./models";
import { gatherLabels, gatherRows } from "./splits";

export interface Rows {
  /** n x prod(shape) floats, row-major (NHWC images or feature vectors). */
  x: Float32Array;
  y: Int32Array;
}

export interface TrainSettings {
  /** Per-sample shape of `x` ([h, w, c] or [d]). */
  shape: readonly number[];
  classes: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  minSteps: number;
  maxSteps: number;
  /** Passes over the training data allowed (raised to `minSteps` steps when a pass is short). */
  maxPasses: number;
  /** Stop after this many epochs without a validation-loss improvement ... */
  patience: number;
  /** ... that also span at least this many optimizer steps. */
  patienceSteps: number;
  /** Fewest optimizer steps between two validation checks (passes are repeated to reach it). */
  minEpochSteps: number;
  /** Seed of the batch order. */
  seed: number;
}

export interface CurvePoint {
  /** 0 = before any training (the starting weights). */
  epoch: number;
  /** Mean training loss over the epoch's batches; null at epoch 0. */
  loss: number | null;
  valLoss: number;
  valAccuracy: number;
}

export interface TrainOutcome {
  curve: CurvePoint[];
  /** Epoch whose weights were kept (lowest validation loss, earliest on ties). */
  bestEpoch: number;
  /** Epochs actually run. */
  epochs: number;
  steps: number;
}

/**
 * Let timers and I/O run between epochs: the kernels are synchronous, and a long run would otherwise
 * starve the thread's event loop (progress messages, a test runner's heartbeat).
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Mean cross-entropy and accuracy of softmax outputs `p` (n x classes) against labels. */
export function lossAndAccuracy(
  p: Float32Array,
  y: Int32Array,
  classes: number,
): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    const row = p.subarray(i * classes, (i + 1) * classes);
    let arg = 0;
    for (let c = 1; c < classes; c++) if (row[c]! > row[arg]!) arg = c;
    if (arg === y[i]) correct++;
    // Keras clips probabilities to [eps, 1 - eps] with eps = 1e-7 before the log.
    loss -= Math.log(Math.min(1 - 1e-7, Math.max(1e-7, row[y[i]!]!)));
  }
  return { loss: loss / y.length, accuracy: correct / y.length };
}

/** Predicted class per row. */
export function predictClasses(
  model: tf.LayersModel,
  x: Float32Array,
  shape: readonly number[],
  classes: number,
) {
  const p = predictRows(model, x, shape);
  const out = new Int32Array(p.length / classes);
  for (let i = 0; i < out.length; i++) {
    let arg = 0;
    for (let c = 1; c < classes; c++) if (p[i * classes + c]! > p[i * classes + arg]!) arg = c;
    out[i] = arg;
  }
  return out;
}

/**
 * Train `model` (already holding its starting weights) on `train`, watching `validation`. The model
 * ends with the weights of its best epoch (epoch 0 included: if training never improves the
 * validation loss, the starting weights are kept).
 */
export async function trainWithEarlyStopping(
  model: tf.LayersModel,
  train: Rows,
  validation: Rows,
  s: TrainSettings,
): Promise<TrainOutcome> {
  const per = s.shape.reduce((a, b) => a * b, 1);
  const n = train.y.length;
  if (n === 0 || train.x.length !== n * per)
    throw new Error(`train: ${train.x.length} values for ${n} rows of ${per}`);
  if (validation.y.length === 0 || validation.x.length !== validation.y.length * per) {
    throw new Error(`validation: ${validation.x.length} values for ${validation.y.length} rows of ${per}`);
  }
  const optimizer = tf.train.adam(s.learningRate);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const rng = createRng(s.seed);
  const batch = Math.min(s.batchSize, n);
  const stepsPerPass = Math.ceil(n / batch);
  const passes = Math.max(1, Math.ceil(s.minEpochSteps / stepsPerPass));
  const stepsPerEpoch = passes * stepsPerPass;
  const budget = Math.min(s.maxSteps, Math.max(s.minSteps, s.maxPasses * stepsPerPass));
  const maxEpochs = Math.min(s.maxEpochs, Math.ceil(budget / stepsPerEpoch));

  const evaluate = () => lossAndAccuracy(predictRows(model, validation.x, s.shape), validation.y, s.classes);
  const start = evaluate();
  const curve: CurvePoint[] = [{ epoch: 0, loss: null, valLoss: start.loss, valAccuracy: start.accuracy }];
  let best = start.loss;
  let bestEpoch = 0;
  let bestWeights = snapshotWeights(model);
  let steps = 0;
  let bestStep = 0;
  let epoch = 0;
  try {
    while (epoch < maxEpochs) {
      epoch++;
      let lossSum = 0;
      for (let pass = 0; pass < passes; pass++) {
        const order = permutation(n, rng);
        for (let from = 0; from < n; from += batch) {
          const idx = order.subarray(from, Math.min(n, from + batch));
          const xb = tf.tensor(gatherRows(train.x, per, idx), [idx.length, ...s.shape]);
          const yb = tf.tidy(() => tf.oneHot(tf.tensor1d(gatherLabels(train.y, idx), "int32"), s.classes));
          try {
            const l = await model.trainOnBatch(xb, yb);
            lossSum += Array.isArray(l) ? l[0]! : l;
          } finally {
            xb.dispose();
            yb.dispose();
          }
          steps++;
        }
      }
      await yieldToEventLoop();
      const v = evaluate();
      curve.push({ epoch, loss: lossSum / stepsPerEpoch, valLoss: v.loss, valAccuracy: v.accuracy });
      if (v.loss < best) {
        best = v.loss;
        bestEpoch = epoch;
        bestStep = steps;
        bestWeights = snapshotWeights(model);
      } else if (
        epoch - bestEpoch >= s.patience &&
        steps - bestStep >= s.patienceSteps &&
        steps >= s.minSteps
      ) {
        break;
      }
    }
    if (bestEpoch !== epoch) restoreWeights(model, bestWeights);
  } finally {
    optimizer.dispose();
  }
  return { curve, bestEpoch, epochs: epoch, steps };
}

export interface ConvergeSettings {
  shape: readonly number[];
  classes: number;
  learningRate: number;
  /** Steps per curve point. */
  epochSteps: number;
  minSteps: number;
  maxSteps: number;
  /** Stop when one epoch lowers the training objective by less than this fraction of it. */
  tolerance: number;
}

/**
 * Full-batch Adam on a convex objective (the L2-penalised softmax head on fixed features) until it
 * stops improving: the penalised problem has a single optimum, so there is nothing for early stopping
 * to choose between, and with 10 samples per class a validation set of 2 per class would only add
 * noise. The validation loss and accuracy are still recorded per epoch for the learning curve. The
 * model ends with its final weights. Training and validation rows are uploaded once.
 */
export async function trainToConvergence(
  model: tf.LayersModel,
  train: Rows,
  validation: Rows,
  s: ConvergeSettings,
): Promise<TrainOutcome> {
  const per = s.shape.reduce((a, b) => a * b, 1);
  const n = train.y.length;
  if (n === 0 || train.x.length !== n * per)
    throw new Error(`train: ${train.x.length} values for ${n} rows of ${per}`);
  if (validation.y.length === 0 || validation.x.length !== validation.y.length * per) {
    throw new Error(`validation: ${validation.x.length} values for ${validation.y.length} rows of ${per}`);
  }
  const optimizer = tf.train.adam(s.learningRate);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const xt = tf.tensor(train.x, [n, ...s.shape]);
  const yt = tf.tidy(() => tf.oneHot(tf.tensor1d(train.y, "int32"), s.classes));
  const evaluate = () => lossAndAccuracy(predictRows(model, validation.x, s.shape), validation.y, s.classes);
  const start = evaluate();
  const curve: CurvePoint[] = [{ epoch: 0, loss: null, valLoss: start.loss, valAccuracy: start.accuracy }];
  let steps = 0;
  let epoch = 0;
  let previous = Number.POSITIVE_INFINITY;
  try {
    while (steps < s.maxSteps) {
      epoch++;
      let last = 0;
      for (let k = 0; k < s.epochSteps && steps < s.maxSteps; k++) {
        const l = await model.trainOnBatch(xt, yt);
        last = Array.isArray(l) ? l[0]! : l;
        steps++;
      }
      await yieldToEventLoop();
      const v = evaluate();
      curve.push({ epoch, loss: last, valLoss: v.loss, valAccuracy: v.accuracy });
      if (steps >= s.minSteps && previous - last < s.tolerance * Math.abs(previous)) break;
      previous = last;
    }
  } finally {
    optimizer.dispose();
    xt.dispose();
    yt.dispose();
  }
  return { curve, bestEpoch: epoch, epochs: epoch, steps };
}
