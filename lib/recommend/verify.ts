/**
 * The verification job: does the recommendation hold on the target data? Trains, with TF.js, on a
 * held-out design:
 *   (a) frozen    — the pretrained model cut at the split layer (pooled like the embeddings), weights
 *                   frozen, and a new dense softmax head (head.ts: L2-penalised, penalty chosen on the
 *                   validation part, trained to convergence at `learningRate`);
 *   (b) fine_tune — (a), then every layer unfrozen and trained on at learningRate x fineTuneFactor
 *                   (the "learning rate / 10"), with early stopping (the "linear probe, then
 *                   fine-tune" order of Kumar et al., ICLR 2022: a trained head keeps the first
 *                   fine-tuning steps from wrecking the pretrained features);
 *   (c) scratch   — the same cut architecture and head from random initialisation
 *                   (lib/embeddings/tfjs/random-init.ts), every layer trained at `scratchLearningRate`,
 *                   with early stopping;
 * at several training-set sizes (nested, stratified subsets of the training split, splits.ts), and
 * reports each run's test accuracy with a Wilson 95 % interval and its learning curve. The same seed
 * draws the splits, the head's initial weights, the random initialisation and the batch order, so a
 * run is reproducible (the wasm backend is single-threaded in Node).
 *
 * How (a) is computed: the frozen extractor is run once, in inference mode, over every sample, and the
 * head is trained on those features. That is the same computation as training a head behind frozen
 * layers (the frozen layers are a fixed function), done once instead of once per epoch. Inference
 * mode also means a frozen BatchNorm uses its moving statistics, as Keras does for frozen layers.
 *
 * Cap: fine-tuning and training from scratch back-propagate through the whole extractor. On this
 * machine's wasm backend that is about 100-300 images/s for the 105k-parameter MNIST CNN and far too
 * slow for MobileNetV2 at 224x224 (about 18 images/s forward alone), so extractors above
 * `maxTrainParams` weight values (default 1,000,000) run only (a), and `skipped` says why.
 */
import type * as tf from "@tensorflow/tfjs";
import type { BackendName, BackendPreference } from "@/lib/embeddings/tfjs/backend";
import { loadArtifacts, type ModelArtifacts, readModelDir } from "@/lib/embeddings/tfjs/load";
import { randomInitModel } from "@/lib/embeddings/tfjs/random-init";
import { wilsonInterval } from "@/lib/metrics/stats/wilson";
import { fitHead } from "./head";
import {
  classifierModel,
  copyHead,
  disposeClassifier,
  extractorModel,
  fitStandardisation,
  predictRows,
  type Standardisation,
  standardise,
} from "./models";
import { fractionSubset, gatherLabels, gatherRows, shuffledByClass, stratifiedTestSplit } from "./splits";
import { STRATEGIES, type Strategy } from "./strategies";
import { initTraining } from "./tf-training";
import { type CurvePoint, predictClasses, type Rows, trainWithEarlyStopping } from "./train-loop";

export { STRATEGIES, type Strategy } from "./strategies";

/**
 * The frozen head (full-batch, convex) runs at least 100 and at most 500 steps, stopping when an epoch
 * of 10 steps lowers its penalised loss by less than 0.1 %. The cap bounds the cost of the weakly
 * penalised heads on wide layers (2,000 x 1,568 features): with a cap of 1,000 the chosen heads of the
 * first evaluation run stopped after 300 to 930 steps, and each step is a full pass over the rows.
 */
const HEAD_TOLERANCE = 1e-3;
const HEAD_MIN_STEPS = 100;
const HEAD_MAX_STEPS = 500;

/** Defaults, each with its reason. */
export const VERIFY_DEFAULTS = {
  /** Held-out test share per class (the 25 %). */
  testFraction: 0.25,
  /** Training-set sizes as shares of the training split (the example). */
  fractions: [0.05, 0.2, 1] as readonly number[],
  /** Validation share of each subset, for early stopping (at least one sample per class). */
  validationFraction: 0.2,
  seed: 1,
  batchSize: 32,
  /**
   * Adam step size of (a), the head: a linear softmax on standardised features converges in a few
   * hundred full-batch steps at 1e-2.
   */
  learningRate: 1e-2,
  /**
   * (b) fine-tunes everything at learningRate x fineTuneFactor = 1e-3 (the "learning rate / 10").
   * Measured with the MNIST 0-4 CNN: at 1e-4, 9 of 11 fine-tuning runs of the evaluation ended with
   * the test accuracy of their frozen start (7 never improved its validation loss); at 1e-3, cut at
   * `features` on MNIST 5-9, fine-tuning raised test accuracy from 0.78 to 0.84 (40 training images)
   * and from 0.90 to 0.93 (400).
   */
  fineTuneFactor: 0.1,
  /** (c) trains from random initialisation at Adam's default step size (Kingma & Ba 2015). */
  scratchLearningRate: 1e-3,
  /**
   * Penalties l2 * sum(W^2) tried for the frozen head, one chosen on the validation part (head.ts).
   * 5e-4 is the linear probe's own (l2 / 2) ||W||^2 with l2 = 1e-3 (lib/metrics/classifiers/logistic.ts).
   */
  headL2Grid: [5e-4, 5e-3, 5e-2] as readonly number[],
  /** Early stopping: epochs without a validation-loss improvement (Keras examples use 3-5) ... */
  patience: 3,
  /** ... spanning at least this many optimizer steps (small subsets have 1-2 steps per epoch) ... */
  patienceSteps: 50,
  /** An epoch (validation check) is one pass, or enough passes to make this many steps. */
  minEpochSteps: 10,
  /**
   * ... never before this many steps (a CNN from random initialisation barely moves its validation loss
   * in its first 100 steps on 50 MNIST digits; 300 lets it fit them) ...
   */
  minSteps: 300,
  /**
   * ... and never more than `maxPasses` passes over the training part (at least `minSteps` steps) nor
   * `maxSteps` steps: bounds the cost of a run whose validation loss keeps creeping down, as
   * fine-tuning's does at a tenth of the learning rate.
   */
  maxPasses: 40,
  maxSteps: 1200,
  maxEpochs: 1000,
  /** Extractors with more weight values than this run strategy (a) only (see the header). */
  maxTrainParams: 1_000_000,
} as const;

export type ModelInput = { kind: "dir"; dir: string } | { kind: "artifacts"; artifacts: ModelArtifacts };

export interface VerificationProgress {
  done: number;
  total: number;
  strategy: Strategy;
  fraction: number;
  accuracy: number;
}

export interface VerificationOptions {
  /** The pretrained TF.js layers model. */
  model: ModelInput;
  splitLayer: string;
  /** Preprocessed target inputs, N x h x w x c (NHWC, the model's input shape), and labels 0..classes-1. */
  x: Float32Array;
  y: Int32Array;
  classes: number;
  /** A separate labelled test set; when absent a stratified `testFraction` of (x, y) is held out. */
  test?: Rows;
  testFraction?: number;
  fractions?: readonly number[];
  validationFraction?: number;
  strategies?: readonly Strategy[];
  seed?: number;
  batchSize?: number;
  learningRate?: number;
  scratchLearningRate?: number;
  headL2Grid?: readonly number[];
  fineTuneFactor?: number;
  patience?: number;
  patienceSteps?: number;
  minEpochSteps?: number;
  minSteps?: number;
  maxSteps?: number;
  maxPasses?: number;
  maxEpochs?: number;
  maxTrainParams?: number;
  /** TF.js backend preference (default: fastest available). */
  backend?: BackendPreference;
  onProgress?: (p: VerificationProgress) => void;
}

export interface VerificationRun {
  strategy: Strategy;
  fraction: number;
  trainSize: number;
  validationSize: number;
  testSize: number;
  /** Seed of the head initialiser, the random initialisation (scratch) and the splits. */
  seed: number;
  correct: number;
  accuracy: number;
  /** Wilson 95 % interval of the test accuracy. */
  low: number;
  high: number;
  epochs: number;
  bestEpoch: number;
  steps: number;
  learningRate: number;
  /** The frozen head's chosen L2 penalty (strategy "frozen" only). */
  headL2?: number;
  seconds: number;
  curve: CurvePoint[];
}

export interface VerificationResult {
  splitLayer: string;
  classes: number;
  inputShape: number[];
  backend: BackendName;
  /** Weight values of the extractor (the model up to the split layer). */
  extractorParams: number;
  featureDim: number;
  runs: VerificationRun[];
  skipped: { strategy: Strategy; reason: string }[];
  settings: Required<
    Pick<
      VerificationOptions,
      | "testFraction"
      | "fractions"
      | "validationFraction"
      | "seed"
      | "batchSize"
      | "learningRate"
      | "scratchLearningRate"
      | "headL2Grid"
      | "fineTuneFactor"
      | "patience"
      | "patienceSteps"
      | "minEpochSteps"
      | "minSteps"
      | "maxSteps"
      | "maxPasses"
      | "maxEpochs"
      | "maxTrainParams"
    >
  > & { externalTest: boolean };
}

function positiveInt(v: number, name: string): number {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  return v;
}

function positive(v: number, name: string): number {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got ${v}`);
  return v;
}

function nonNegative(v: number, name: string): number {
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number, got ${v}`);
  return v;
}

function checkRows(x: Float32Array, y: Int32Array, per: number, classes: number, name: string): void {
  if (y.length < 2) throw new Error(`${name}.y: need at least 2 samples, got ${y.length}`);
  if (x.length !== y.length * per) {
    throw new Error(
      `${name}.x: ${x.length} values, expected ${y.length} samples x ${per} = ${y.length * per}`,
    );
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new Error(`${name}.x[${i}] is ${x[i]}, not a finite number`);
  }
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (c < 0 || c >= classes)
      throw new Error(`${name}.y[${i}] = ${c} is not a class index in 0..${classes - 1}`);
  }
}

function settingsOf(o: VerificationOptions): VerificationResult["settings"] {
  const d = VERIFY_DEFAULTS;
  const fractions = [...(o.fractions ?? d.fractions)].sort((a, b) => a - b);
  if (fractions.length === 0) throw new Error("fractions: give at least one training-set fraction");
  for (const f of fractions) {
    if (!Number.isFinite(f) || f <= 0 || f > 1) throw new Error(`fraction must be in (0, 1], got ${f}`);
  }
  const s = {
    testFraction: o.testFraction ?? d.testFraction,
    fractions,
    validationFraction: o.validationFraction ?? d.validationFraction,
    seed: o.seed ?? d.seed,
    batchSize: positiveInt(o.batchSize ?? d.batchSize, "batchSize"),
    learningRate: positive(o.learningRate ?? d.learningRate, "learningRate"),
    scratchLearningRate: positive(o.scratchLearningRate ?? d.scratchLearningRate, "scratchLearningRate"),
    headL2Grid: (o.headL2Grid ?? d.headL2Grid).map((v, i) => nonNegative(v, `headL2Grid[${i}]`)),
    fineTuneFactor: positive(o.fineTuneFactor ?? d.fineTuneFactor, "fineTuneFactor"),
    patience: positiveInt(o.patience ?? d.patience, "patience"),
    patienceSteps: positiveInt(o.patienceSteps ?? d.patienceSteps, "patienceSteps"),
    minEpochSteps: positiveInt(o.minEpochSteps ?? d.minEpochSteps, "minEpochSteps"),
    minSteps: positiveInt(o.minSteps ?? d.minSteps, "minSteps"),
    maxSteps: positiveInt(o.maxSteps ?? d.maxSteps, "maxSteps"),
    maxPasses: positiveInt(o.maxPasses ?? d.maxPasses, "maxPasses"),
    maxEpochs: positiveInt(o.maxEpochs ?? d.maxEpochs, "maxEpochs"),
    maxTrainParams: positive(o.maxTrainParams ?? d.maxTrainParams, "maxTrainParams"),
    externalTest: o.test !== undefined,
  };
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 0xffffffff) {
    throw new Error(`seed must be an integer in 0..2^32-1, got ${s.seed}`);
  }
  return s;
}

/** Test accuracy with its Wilson interval. */
function score(
  pred: Int32Array,
  y: Int32Array,
): { correct: number; accuracy: number; low: number; high: number } {
  let correct = 0;
  for (let i = 0; i < y.length; i++) if (pred[i] === y[i]) correct++;
  const w = wilsonInterval(correct, y.length);
  return { correct, accuracy: w.estimate, low: w.lower, high: w.upper };
}

/** Train and test the strategies at every fraction; see the header for the design. */
export async function runVerification(opts: VerificationOptions): Promise<VerificationResult> {
  const s = settingsOf(opts);
  positiveInt(opts.classes, "classes");
  if (opts.classes < 2) throw new Error(`classes: need at least 2, got ${opts.classes}`);
  const strategies = STRATEGIES.filter((k) => (opts.strategies ?? STRATEGIES).includes(k));
  if (strategies.length === 0) throw new Error(`strategies: none of ${STRATEGIES.join(", ")} was asked for`);

  // On wasm this also registers the training kernels fine-tuning and scratch training need.
  const { backend } = await initTraining(opts.backend);

  const artifacts = opts.model.kind === "dir" ? await readModelDir(opts.model.dir) : opts.model.artifacts;
  if (artifacts.kind !== "layers") {
    throw new Error(
      "model: verification needs a TF.js layers model (a graph model cannot be cut and retrained)",
    );
  }

  // Shape, features and the extractor's size from one load of the pretrained model.
  const base = await loadArtifacts(artifacts);
  let shape: number[];
  let params: number;
  let featureDim: number;
  let features: Float32Array;
  let testFeatures: Float32Array | null = null;
  try {
    const m = base.model as tf.LayersModel;
    const inShape = m.inputs[0]!.shape.slice(1);
    if (inShape.some((d) => d === null)) {
      throw new Error(
        `model: input shape [${inShape.join(", ")}] has free dimensions; verification needs a fixed one`,
      );
    }
    shape = inShape as number[];
    const per = shape.reduce((a, b) => a * b, 1);
    checkRows(opts.x, opts.y, per, opts.classes, "x/y");
    if (opts.test) checkRows(opts.test.x, opts.test.y, per, opts.classes, "test");
    const ext = extractorModel(m, opts.splitLayer);
    params = ext.countParams();
    featureDim = ext.outputs[0]!.shape[1] as number;
    features = predictRows(ext, opts.x, shape);
    if (opts.test) testFeatures = predictRows(ext, opts.test.x, shape);
  } finally {
    base.model.dispose();
  }
  const per = shape.reduce((a, b) => a * b, 1);

  const skipped: VerificationResult["skipped"] = [];
  const trainable = params <= s.maxTrainParams;
  for (const k of strategies) {
    if (k !== "frozen" && !trainable) {
      skipped.push({
        strategy: k,
        reason:
          `the extractor up to ${opts.splitLayer} has ${params.toLocaleString("en")} weight values, above the ` +
          `${s.maxTrainParams.toLocaleString("en")} cap for back-propagation on this backend (${backend}); ` +
          "only the frozen-feature head was trained",
      });
    }
  }
  const active = strategies.filter((k) => k === "frozen" || trainable);

  // Held-out test rows: the separate set, or a stratified share of (x, y).
  let poolByClass: number[][];
  let testX: Float32Array;
  let testF: Float32Array;
  let testY: Int32Array;
  if (opts.test) {
    poolByClass = shuffledByClass(opts.y, opts.classes, s.seed, "y");
    testX = opts.test.x;
    testY = opts.test.y;
    testF = testFeatures!;
  } else {
    const split = stratifiedTestSplit(opts.y, opts.classes, s.testFraction, s.seed);
    poolByClass = split.poolByClass;
    testX = gatherRows(opts.x, per, split.test);
    testF = gatherRows(features, featureDim, split.test);
    testY = gatherLabels(opts.y, split.test);
  }

  const runs: VerificationRun[] = [];
  const total = s.fractions.length * active.length;
  const common = {
    classes: opts.classes,
    batchSize: s.batchSize,
    maxEpochs: s.maxEpochs,
    minSteps: s.minSteps,
    maxSteps: s.maxSteps,
    maxPasses: s.maxPasses,
    patience: s.patience,
    patienceSteps: s.patienceSteps,
    minEpochSteps: s.minEpochSteps,
  };

  for (const [fi, f] of s.fractions.entries()) {
    const sub = fractionSubset(poolByClass, f, s.validationFraction);
    const imgs = {
      train: rowsOf(opts.x, opts.y, per, sub.train),
      val: rowsOf(opts.x, opts.y, per, sub.validation),
    };
    // The frozen head sees features standardised with the training part's statistics (models.ts).
    const st = fitStandardisation(features, featureDim, sub.train);
    const feats = {
      train: standardisedRows(features, opts.y, featureDim, sub.train, st),
      val: standardisedRows(features, opts.y, featureDim, sub.validation, st),
    };
    // Same batch order for every strategy at this size, different across sizes.
    const shuffleSeed = (s.seed + 7919 * (fi + 1)) >>> 0;
    const record = (
      strategy: Strategy,
      outcome: Awaited<ReturnType<typeof trainWithEarlyStopping>>,
      pred: Int32Array,
      lr: number,
      t0: number,
      l2?: number,
    ) => {
      const sc = score(pred, testY);
      runs.push({
        strategy,
        fraction: f,
        trainSize: sub.train.length,
        validationSize: sub.validation.length,
        testSize: testY.length,
        seed: s.seed,
        ...sc,
        epochs: outcome.epochs,
        bestEpoch: outcome.bestEpoch,
        steps: outcome.steps,
        learningRate: lr,
        ...(l2 === undefined ? {} : { headL2: l2 }),
        seconds: (performance.now() - t0) / 1000,
        curve: outcome.curve,
      });
      opts.onProgress?.({ done: runs.length, total, strategy, fraction: f, accuracy: sc.accuracy });
    };

    // (a) head on frozen features; kept for (b), which starts from it.
    const needHead = active.includes("frozen") || active.includes("fine_tune");
    let head: tf.LayersModel | null = null;
    try {
      if (needHead) {
        const t0 = performance.now();
        const fitted = await fitHead(featureDim, opts.classes, s.seed, s.headL2Grid, feats.train, feats.val, {
          shape: [featureDim],
          classes: opts.classes,
          learningRate: s.learningRate,
          epochSteps: s.minEpochSteps,
          minSteps: HEAD_MIN_STEPS,
          maxSteps: HEAD_MAX_STEPS,
          tolerance: HEAD_TOLERANCE,
        });
        head = fitted.head;
        if (active.includes("frozen")) {
          const pred = predictClasses(head, standardise(testF, st), [featureDim], opts.classes);
          record("frozen", fitted.outcome, pred, s.learningRate, t0, fitted.l2);
        }
      }
      if (active.includes("fine_tune") && head) {
        const t0 = performance.now();
        const pre = await loadArtifacts(artifacts);
        const net = classifierModel(pre.model as tf.LayersModel, opts.splitLayer, opts.classes, s.seed);
        try {
          copyHead(head, net, st);
          const lr = s.learningRate * s.fineTuneFactor;
          // No step floor beyond the patience: fine-tuning starts from a trained head, not from the
          // slow start of a random network, and in the first evaluation run it kept its starting
          // weights (best epoch 0) in 8 of 11 runs, so the floor only added steps it then undid.
          const out = await trainWithEarlyStopping(net, imgs.train, imgs.val, {
            ...common,
            minSteps: s.patienceSteps,
            shape,
            learningRate: lr,
            seed: shuffleSeed,
          });
          record("fine_tune", out, predictClasses(net, testX, shape, opts.classes), lr, t0);
        } finally {
          disposeClassifier(net, pre.model as tf.LayersModel);
        }
      }
    } finally {
      head?.dispose();
    }
    if (active.includes("scratch")) {
      const t0 = performance.now();
      const rnd = await randomInitModel(artifacts.json, s.seed);
      const net = classifierModel(rnd.model as tf.LayersModel, opts.splitLayer, opts.classes, s.seed);
      try {
        const out = await trainWithEarlyStopping(net, imgs.train, imgs.val, {
          ...common,
          shape,
          learningRate: s.scratchLearningRate,
          seed: shuffleSeed,
        });
        record("scratch", out, predictClasses(net, testX, shape, opts.classes), s.scratchLearningRate, t0);
      } finally {
        disposeClassifier(net, rnd.model as tf.LayersModel);
      }
    }
  }

  return {
    splitLayer: opts.splitLayer,
    classes: opts.classes,
    inputShape: shape,
    backend,
    extractorParams: params,
    featureDim,
    runs,
    skipped,
    settings: s,
  };
}

function rowsOf(x: Float32Array, y: Int32Array, d: number, idx: Int32Array): Rows {
  return { x: gatherRows(x, d, idx), y: gatherLabels(y, idx) };
}

function standardisedRows(
  x: Float32Array,
  y: Int32Array,
  d: number,
  idx: Int32Array,
  st: Standardisation,
): Rows {
  return { x: standardise(gatherRows(x, d, idx), st), y: gatherLabels(y, idx) };
}
