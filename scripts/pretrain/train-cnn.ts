/**
 * The supervised source model: a small CNN trained on MNIST digits 0-4 only, so that digits 5-9
 * (and other digit-like datasets) are a genuine transfer target it never saw.
 *
 * conv1 3x3x16 same, relu -> pool1 2x2 -> conv2 3x3x32 same, relu -> pool2 2x2 -> flatten ->
 * features dense 64 relu -> head dense 5 softmax. Adam (Kingma & Ba 2015), categorical
 * cross-entropy, mini-batches in a seeded order.
 *
 * Determinism: every initializer gets an explicit seed (TF.js' default initializers draw from an
 * unseeded generator), the batch order comes from lib/metrics/stats/rng (mulberry32) instead of
 * fit()'s Math.random shuffle, and there is no dropout. The wasm backend runs single-threaded
 * in Node, so the float reductions happen in a fixed order.
 */
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { type DigitSet, type DigitSplit, loadDigitSplit, takeBatch } from "./data";
import { tf } from "./tf-setup";

export const CNN_DIGITS = [0, 1, 2, 3, 4];

export interface CnnConfig {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Stop after this many optimizer steps (for the short reproducibility test); null = all epochs. */
  maxSteps: number | null;
}

export const CNN_DEFAULTS: CnnConfig = {
  seed: 20240501,
  epochs: 3,
  batchSize: 32,
  learningRate: 1e-3,
  maxSteps: null,
};

export function buildCnn(seed: number, classes = CNN_DIGITS.length): tf.Sequential {
  const glorot = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  return tf.sequential({
    name: "mnist_cnn_0to4",
    layers: [
      tf.layers.conv2d({
        name: "conv1",
        inputShape: [28, 28, 1],
        filters: 16,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: glorot(1),
      }),
      tf.layers.maxPooling2d({ name: "pool1", poolSize: 2 }),
      tf.layers.conv2d({
        name: "conv2",
        filters: 32,
        kernelSize: 3,
        padding: "same",
        activation: "relu",
        kernelInitializer: glorot(2),
      }),
      tf.layers.maxPooling2d({ name: "pool2", poolSize: 2 }),
      tf.layers.flatten({ name: "flatten" }),
      tf.layers.dense({ name: "features", units: 64, activation: "relu", kernelInitializer: glorot(3) }),
      tf.layers.dense({ name: "head", units: classes, activation: "softmax", kernelInitializer: glorot(4) }),
    ],
  });
}

/** Predicted class per row of `set`, computed in batches inside tf.tidy. */
export function predictClasses(model: tf.LayersModel, set: DigitSet, batch = 256): Int32Array {
  const out = new Int32Array(set.n);
  for (let from = 0; from < set.n; from += batch) {
    const to = Math.min(set.n, from + batch);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(set.x.subarray(from * 784, to * 784), [to - from, 28, 28, 1]);
      return (model.predict(x, { batchSize: to - from }) as tf.Tensor).argMax(-1).dataSync();
    });
    out.set(pred, from);
  }
  return out;
}

export interface Accuracy {
  correct: number;
  count: number;
  accuracy: number;
  /** Per class (in CNN_DIGITS order): correct / count. */
  perClass: { digit: number; correct: number; count: number }[];
}

export function accuracyOf(model: tf.LayersModel, set: DigitSet, digits: readonly number[]): Accuracy {
  const pred = predictClasses(model, set);
  const perClass = digits.map((digit) => ({ digit, correct: 0, count: 0 }));
  let correct = 0;
  for (let i = 0; i < set.n; i++) {
    const c = perClass[set.y[i]!]!;
    c.count++;
    if (pred[i] === set.y[i]) {
      correct++;
      c.correct++;
    }
  }
  return { correct, count: set.n, accuracy: correct / set.n, perClass };
}

export interface CnnResult {
  model: tf.Sequential;
  split: DigitSplit;
  steps: number;
  epochsRun: number;
  /** Mean training loss over the last epoch's batches. */
  lastEpochLoss: number;
  wallSeconds: number;
  /** CPU time of this process during training (wall time grows on a shared machine; this does not). */
  cpuSeconds: number;
}

/** Trains the CNN; the caller owns (and disposes) the returned model. */
export async function trainCnn(
  cfg: CnnConfig,
  split: DigitSplit = loadDigitSplit(CNN_DIGITS),
  onEpoch?: (epoch: number, meanLoss: number, steps: number) => void,
): Promise<CnnResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const k = split.digits.length;
  const model = buildCnn(cfg.seed, k);
  const optimizer = tf.train.adam(cfg.learningRate);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const rng = createRng(cfg.seed);
  const { train } = split;
  let steps = 0;
  let epochsRun = 0;
  let lastEpochLoss = Number.NaN;
  outer: for (let epoch = 0; epoch < cfg.epochs; epoch++) {
    const order = permutation(train.n, rng);
    let lossSum = 0;
    let batches = 0;
    for (let from = 0; from < train.n; from += cfg.batchSize) {
      if (cfg.maxSteps !== null && steps >= cfg.maxSteps) break outer;
      const to = Math.min(train.n, from + cfg.batchSize);
      const xb = takeBatch(train.x, 784, order, from, to);
      const yb = new Float32Array((to - from) * k);
      for (let j = from; j < to; j++) yb[(j - from) * k + train.y[order[j]!]!] = 1;
      const xs = tf.tensor4d(xb, [to - from, 28, 28, 1]);
      const ys = tf.tensor2d(yb, [to - from, k]);
      const loss = (await model.trainOnBatch(xs, ys)) as number;
      xs.dispose();
      ys.dispose();
      lossSum += loss;
      batches++;
      steps++;
    }
    lastEpochLoss = lossSum / batches;
    epochsRun = epoch + 1;
    onEpoch?.(epochsRun, lastEpochLoss, steps);
  }
  // The model does not own an optimizer passed as an object: free Adam's moment estimates here.
  optimizer.dispose();
  const cpu = process.cpuUsage(cpu0);
  return {
    model,
    split,
    steps,
    epochsRun,
    lastEpochLoss,
    wallSeconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
