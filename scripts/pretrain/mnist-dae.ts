/**
 * Trains and writes public/models/mnist-dae/ (model.json, weights.bin, meta.json).
 *   npx tsx scripts/pretrain/mnist-dae.ts [--seed N] [--epochs N] [--out DIR]
 * See train-dae.ts for the model, the corruption and the determinism measures.
 */
import os from "node:os";
import path from "node:path";
import { describeSplit, MNIST_SOURCE } from "@/lib/datasets/mnist-source";
import { flag, intFlag, REPO_ROOT } from "./cli-args";
import { saveModelToDir } from "./fs-io";
import { linearProbe } from "./linear-probe";
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
import { DAE_DEFAULTS, DAE_DIGITS, evaluateDae, trainDae } from "./train-dae";

const NAME = "mnist-dae";

const round = (x: number) => Math.round(x * 1e5) / 1e5;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cfg = {
    ...DAE_DEFAULTS,
    seed: intFlag(argv, "seed", DAE_DEFAULTS.seed),
    epochs: intFlag(argv, "epochs", DAE_DEFAULTS.epochs),
  };
  const out = path.resolve(flag(argv, "out") ?? path.join(REPO_ROOT, "public/models", NAME));
  await initWasm();
  const res = await trainDae(cfg, undefined, (e, loss, steps) =>
    console.log(`epoch ${e}/${cfg.epochs}: mean loss ${loss.toFixed(4)} (${steps} steps)`),
  );
  const { model, split } = res;
  const evaluation = evaluateDae(model, split, cfg.maskRate, cfg.seed);
  const probe = await linearProbe(model, "code", split.train, split.heldOut, DAE_DIGITS.length, cfg.seed);
  const saved = await saveModelToDir(model, out);
  const splitPoints = [
    splitPoint(model, "enc1", "first encoder layer (128, ReLU)"),
    splitPoint(model, "code", "the code (64, ReLU): the learned representation"),
  ];
  const meta: SourceModelMeta = {
    name: NAME,
    description:
      "Denoising autoencoder (Vincent et al., ICML 2008) pretrained WITHOUT labels on MNIST digits 0-4 (the CNN's training split, so the two source models differ only in supervision). The encoder (enc1, code) is the feature extractor; the decoder is kept so reconstructions can be shown.",
    createdWith: "scripts/pretrain/mnist-dae.ts",
    trainingData: {
      package: "mnist@1.1.0",
      digits: DAE_DIGITS,
      labelsUsed: false,
      trainCount: split.train.n,
      heldOutCount: split.heldOut.n,
      split: describeSplit(DAE_DIGITS, split.heldOutEvery),
    },
    sourceDataset: { ...MNIST_SOURCE },
    seed: cfg.seed,
    epochs: res.epochsRun,
    steps: res.steps,
    batchSize: cfg.batchSize,
    optimizer: "adam (beta1 0.9, beta2 0.999, epsilon 1e-7; TF.js defaults)",
    learningRate: cfg.learningRate,
    loss: "binary cross-entropy between the reconstruction of the corrupted input and the clean input",
    corruption: {
      type: "masking noise",
      rate: cfg.maskRate,
      description: `each input pixel independently set to 0 with probability ${cfg.maskRate}, a fresh mask per sample per epoch (seeded)`,
    },
    heldOutAccuracy: null,
    heldOutCorrect: null,
    heldOutReconstruction: {
      note: "mean per-pixel error on the held-out split; BCE in nats with predictions clipped to [1e-7, 1-1e-7]",
      cleanInput: { bce: round(evaluation.clean.bce), mse: round(evaluation.clean.mse) },
      maskedInput: { bce: round(evaluation.denoising.bce), mse: round(evaluation.denoising.mse) },
      meanImageBaseline: { bce: round(evaluation.meanImage.bce), mse: round(evaluation.meanImage.mse) },
    },
    linearProbe: {
      ...probe,
      note: "softmax regression on the frozen `code` output, trained on the training split's labels (the autoencoder itself never saw a label), scored on the held-out split",
    },
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
    `${NAME}: held-out BCE ${evaluation.clean.bce.toFixed(4)} (mean image ${evaluation.meanImage.bce.toFixed(4)}), ` +
      `linear probe on code ${(probe.heldOutAccuracy * 100).toFixed(2)} %, ${saved.bytes} weight bytes, ` +
      `sha256 ${saved.sha256}, trained in ${res.wallSeconds.toFixed(1)} s wall / ${res.cpuSeconds.toFixed(1)} s CPU -> ${out}`,
  );
  model.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
