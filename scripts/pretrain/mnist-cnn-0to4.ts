/**
 * Trains and writes public/models/mnist-cnn-0to4/ (model.json, weights.bin, meta.json).
 *   npx tsx scripts/pretrain/mnist-cnn-0to4.ts [--seed N] [--epochs N] [--out DIR]
 * See train-cnn.ts for the model and the determinism measures.
 */
import os from "node:os";
import path from "node:path";
import { describeSplit, MNIST_SOURCE } from "@/lib/datasets/mnist-source";
import { flag, intFlag, REPO_ROOT } from "./cli-args";
import { saveModelToDir } from "./fs-io";
import {
  architectureOf,
  MNIST_INPUT_CONVENTION,
  MNIST_PREPROCESSING,
  REPRODUCIBILITY_NOTE,
  type SourceModelMeta,
  splitPoint,
  writeMeta,
} from "./meta";
import { initWasm, tf, wasmThreads } from "./tf-setup";
import { accuracyOf, CNN_DEFAULTS, CNN_DIGITS, trainCnn } from "./train-cnn";

const NAME = "mnist-cnn-0to4";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cfg = {
    ...CNN_DEFAULTS,
    seed: intFlag(argv, "seed", CNN_DEFAULTS.seed),
    epochs: intFlag(argv, "epochs", CNN_DEFAULTS.epochs),
  };
  const out = path.resolve(flag(argv, "out") ?? path.join(REPO_ROOT, "public/models", NAME));
  await initWasm();
  const res = await trainCnn(cfg, undefined, (e, loss, steps) =>
    console.log(`epoch ${e}/${cfg.epochs}: mean loss ${loss.toFixed(4)} (${steps} steps)`),
  );
  const { model, split } = res;
  const acc = accuracyOf(model, split.heldOut, CNN_DIGITS);
  const saved = await saveModelToDir(model, out);
  const splitPoints = [
    splitPoint(model, "pool1", "after the first conv block: local strokes and edges (14x14x16)"),
    splitPoint(model, "pool2", "after the second conv block: stroke combinations (7x7x32)"),
    splitPoint(model, "features", "penultimate dense layer (64, ReLU): the usual transfer embedding"),
    splitPoint(model, "head", "softmax over digits 0-4: class-specific, transfers least"),
  ];
  const meta: SourceModelMeta = {
    name: NAME,
    description:
      "Small CNN trained with labels on MNIST digits 0-4 only (5-way softmax). A supervised source model whose features can be tested on digits 5-9 or other digit-like data it never saw.",
    createdWith: "scripts/pretrain/mnist-cnn-0to4.ts",
    trainingData: {
      package: "mnist@1.1.0",
      digits: CNN_DIGITS,
      labelsUsed: true,
      trainCount: split.train.n,
      heldOutCount: split.heldOut.n,
      split: describeSplit(CNN_DIGITS, split.heldOutEvery),
    },
    sourceDataset: { ...MNIST_SOURCE },
    seed: cfg.seed,
    epochs: res.epochsRun,
    steps: res.steps,
    batchSize: cfg.batchSize,
    optimizer: "adam (beta1 0.9, beta2 0.999, epsilon 1e-7; TF.js defaults)",
    learningRate: cfg.learningRate,
    loss: "categorical cross-entropy",
    heldOutAccuracy: acc.accuracy,
    heldOutCorrect: acc.correct,
    heldOutPerDigit: acc.perClass.map((c) => ({ ...c, accuracy: c.correct / c.count })),
    inputShape: [28, 28, 1],
    preprocessing: MNIST_PREPROCESSING,
    inputConvention: MNIST_INPUT_CONVENTION,
    layers: splitPoints.map((p) => p.name),
    splitPoints,
    architecture: architectureOf(model),
    weights: {
      files: ["weights.bin"],
      bytes: saved.bytes,
      sha256: saved.sha256,
      params: model.countParams(),
    },
    training: {
      wallSeconds: Math.round(res.wallSeconds * 10) / 10,
      cpuSeconds: Math.round(res.cpuSeconds * 10) / 10,
      loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
      backend: tf.getBackend(),
      wasmThreads: wasmThreads(),
      tfjsVersion: tf.version.tfjs,
      node: process.version,
      lastEpochLoss: res.lastEpochLoss,
      reproducibility: REPRODUCIBILITY_NOTE,
    },
  };
  writeMeta(out, meta);
  console.log(
    `${NAME}: held-out accuracy ${(acc.accuracy * 100).toFixed(2)} % (${acc.correct}/${acc.count}), ` +
      `${saved.bytes} weight bytes, sha256 ${saved.sha256}, trained in ${res.wallSeconds.toFixed(1)} s wall / ${res.cpuSeconds.toFixed(1)} s CPU -> ${out}`,
  );
  model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
