/**
 * The unsupervised source model: a denoising autoencoder (Vincent, Larochelle, Bengio & Manzagol,
 * "Extracting and composing robust features with denoising autoencoders", ICML 2008), trained
 * without labels on the same MNIST digits 0-4 training split as the CNN. Same digits on purpose:
 * the two source models then differ only in supervision, and digits 5-9 stay unseen by both.
 *
 * Corruption: masking noise (the paper's q_D): each input pixel is independently set to 0 with
 * probability `maskRate` (0.25, one of the paper's levels), a fresh mask per sample per epoch from
 * the seeded generator. The loss is binary cross-entropy between the reconstruction and the CLEAN
 * image (pixels in [0, 1], the paper's cross-entropy reconstruction loss).
 *
 * input 28x28x1 -> flatten -> enc1 dense 128 relu -> code dense 64 relu -> dec1 dense 128 relu
 * -> recon dense 784 sigmoid. Encoder split points: enc1, code. (The paper used sigmoid hidden units;
 * a sigmoid code reached BCE 0.151 after 10 epochs here against 0.1x for ReLU, so ReLU it is.)
 */
import { createRng, permutation, type Rng } from "@/lib/metrics/stats/rng";
import { type DigitSplit, loadDigitSplit, takeBatch } from "./data";
import { tf } from "./tf-setup";

export const DAE_DIGITS = [0, 1, 2, 3, 4];

export interface DaeConfig {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  maskRate: number;
  maxSteps: number | null;
}

export const DAE_DEFAULTS: DaeConfig = {
  seed: 20240502,
  epochs: 10,
  batchSize: 64,
  learningRate: 3e-3,
  maskRate: 0.25,
  maxSteps: null,
};

export function buildDae(seed: number): tf.Sequential {
  const glorot = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  return tf.sequential({
    name: "mnist_dae",
    layers: [
      tf.layers.flatten({ name: "flatten", inputShape: [28, 28, 1] }),
      tf.layers.dense({ name: "enc1", units: 128, activation: "relu", kernelInitializer: glorot(1) }),
      tf.layers.dense({ name: "code", units: 64, activation: "relu", kernelInitializer: glorot(2) }),
      tf.layers.dense({ name: "dec1", units: 128, activation: "relu", kernelInitializer: glorot(3) }),
      tf.layers.dense({ name: "recon", units: 784, activation: "sigmoid", kernelInitializer: glorot(4) }),
    ],
  });
}

/** Masking noise in place: each value set to 0 with probability `rate`. */
export function maskInPlace(x: Float32Array, rate: number, rng: Rng): Float32Array {
  if (!(rate >= 0 && rate < 1)) throw new Error(`maskInPlace: rate must be in [0, 1), got ${rate}`);
  for (let i = 0; i < x.length; i++) if (rng.next() < rate) x[i] = 0;
  return x;
}

export interface ReconstructionError {
  /** Mean per-pixel binary cross-entropy (nats), predictions clipped to [1e-7, 1 - 1e-7]. */
  bce: number;
  /** Mean per-pixel squared error. */
  mse: number;
}

/** Per-pixel BCE and MSE of predictions `p` against targets `t` (same length). */
export function reconstructionError(p: Float32Array, t: Float32Array): ReconstructionError {
  if (p.length !== t.length || p.length === 0) {
    throw new Error(`reconstructionError: predictions have ${p.length} values, targets ${t.length}`);
  }
  const eps = 1e-7;
  let bce = 0;
  let mse = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    const y = t[i]!;
    bce -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
    mse += (q - y) ** 2;
  }
  return { bce: bce / p.length, mse: mse / p.length };
}

/** Reconstructions of n x 784 inputs, batched inside tf.tidy. */
export function reconstruct(model: tf.LayersModel, x: Float32Array, n: number, batch = 512): Float32Array {
  const out = new Float32Array(n * 784);
  for (let from = 0; from < n; from += batch) {
    const to = Math.min(n, from + batch);
    const r = tf.tidy(() => {
      const xs = tf.tensor4d(x.subarray(from * 784, to * 784), [to - from, 28, 28, 1]);
      return (model.predict(xs, { batchSize: to - from }) as tf.Tensor).dataSync() as Float32Array;
    });
    out.set(r, from * 784);
  }
  return out;
}

export interface DaeEvaluation {
  /** Clean held-out input -> reconstruction vs clean image. */
  clean: ReconstructionError;
  /** Masked held-out input (same rate, seeded) -> reconstruction vs clean image (the DAE's task). */
  denoising: ReconstructionError;
  /** Baseline: predicting the training-set mean image for every held-out image. */
  meanImage: ReconstructionError;
}

export function evaluateDae(
  model: tf.LayersModel,
  split: DigitSplit,
  maskRate: number,
  seed: number,
): DaeEvaluation {
  const { train, heldOut } = split;
  const mean = new Float32Array(784);
  for (let i = 0; i < train.n; i++) for (let p = 0; p < 784; p++) mean[p]! += train.x[i * 784 + p]!;
  for (let p = 0; p < 784; p++) mean[p]! /= train.n;
  const meanPred = new Float32Array(heldOut.n * 784);
  for (let i = 0; i < heldOut.n; i++) meanPred.set(mean, i * 784);
  const masked = maskInPlace(Float32Array.from(heldOut.x), maskRate, createRng(seed ^ 0x5eed));
  return {
    clean: reconstructionError(reconstruct(model, heldOut.x, heldOut.n), heldOut.x),
    denoising: reconstructionError(reconstruct(model, masked, heldOut.n), heldOut.x),
    meanImage: reconstructionError(meanPred, heldOut.x),
  };
}

export interface DaeResult {
  model: tf.Sequential;
  split: DigitSplit;
  steps: number;
  epochsRun: number;
  lastEpochLoss: number;
  wallSeconds: number;
  /** CPU time of this process during training (wall time grows on a shared machine; this does not). */
  cpuSeconds: number;
}

/** Trains the DAE (labels are never read); the caller owns (and disposes) the model. */
export async function trainDae(
  cfg: DaeConfig,
  split: DigitSplit = loadDigitSplit(DAE_DIGITS),
  onEpoch?: (epoch: number, meanLoss: number, steps: number) => void,
): Promise<DaeResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const model = buildDae(cfg.seed);
  const optimizer = tf.train.adam(cfg.learningRate);
  model.compile({ optimizer, loss: "binaryCrossentropy" });
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
      const clean = takeBatch(train.x, 784, order, from, to);
      const noisy = maskInPlace(Float32Array.from(clean), cfg.maskRate, rng);
      const xs = tf.tensor4d(noisy, [to - from, 28, 28, 1]);
      const ys = tf.tensor2d(clean, [to - from, 784]);
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
