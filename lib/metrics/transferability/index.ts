/**
 * computeTransferability: every transferability estimate of frozen features for a labelled target
 * set, each as { value, low?, high?, n }.
 *
 * - LogME, H-score, TransRate (./spectral-metrics.ts) and GBC (./gbc.ts) from features + labels.
 * - kNN and linear-probe accuracy (./probes.ts), cross-validated, with Wilson intervals.
 * - LEEP and NCE (./leep.ts, ./nce.ts) when the source head's probabilities are given.
 * Intervals for the other metrics are seeded, stratified percentile bootstraps over rows (B = 200
 * by default). GBC, LEEP and NCE are cheap to resample. LogME, H-score and TransRate rebuild a Gram
 * and decompose it per replicate, so they are bootstrapped only while B times that cost stays within
 * `bootstrapBudget` multiply-adds (default 2e9, a few seconds here); otherwise they come without an
 * interval and `note` says why. GBC resamples the principal-component scores of the full sample
 * (the PCA basis is not refitted per replicate).
 * Inputs above `maxSamples` rows (default 4000) are cut to a seeded stratified subsample first.
 */

import { takeRows64 } from "@/lib/metrics/classifiers/dense";
import { percentileInterval } from "@/lib/metrics/classifiers/interval";
import { knnGram } from "@/lib/metrics/classifiers/knn";
import { checkFeatures, checkLabels, intOption } from "@/lib/metrics/classifiers/validate";
import { type Matrix, takeRows } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { checkGbcOptions, gbcFromScores } from "./gbc";
import { centredGramFast, prepareFeatures } from "./gram";
import { leepOfRows } from "./leep";
import { nceFromSourceLabels, sourceArgmax } from "./nce";
import { knnProbeAccuracy, linearProbeAccuracy } from "./probes";
import { classMembers, stratifiedBootstrap, stratifiedSubsample } from "./resample";
import { checkSourceProbs } from "./source-probs";
import { spectralCost, spectralMetrics } from "./spectral-metrics";
import { checkTransRateEps, DEFAULT_TRANSRATE_EPS } from "./transrate";

export interface MetricValue {
  value: number;
  low?: number;
  high?: number;
  /** Rows the value was computed on. */
  n: number;
  /** How the interval was obtained (95%). */
  interval?: "bootstrap" | "wilson";
  /** Bootstrap replicates used. */
  replicates?: number;
  note?: string;
}

export interface TransferabilityOptions {
  seed?: number;
  /** Source-head class probabilities for the same rows (N x Z): enables LEEP and NCE. */
  sourceProbs?: Matrix;
  /** Bootstrap replicates (default 200; 0 disables bootstrap intervals). */
  bootstrap?: number;
  /** Row cap (default 4000). */
  maxSamples?: number;
  /** Multiply-add budget for bootstrapping LogME / H-score / TransRate (default 2e9). */
  bootstrapBudget?: number;
  /** Cross-validation folds of the probes (default 5). */
  folds?: number;
  /** kNN neighbours (default 5). */
  knnK?: number;
  /** TransRate eps (default 1e-4). */
  transRateEps?: number;
  /** GBC PCA dimensions (default 64; 0 disables). */
  gbcPcaDims?: number;
}

export interface TransferabilityResult {
  /** Rows used, and rows given. */
  n: number;
  nTotal: number;
  subsampled: boolean;
  maxSamples: number;
  seed: number;
  dims: number;
  classes: number;
  logme: MetricValue;
  hScore: MetricValue;
  transRate: MetricValue & { eps: number };
  gbc: MetricValue & { dims: number; pca: boolean; covariance: "diagonal" | "spherical" };
  knnAccuracy: MetricValue & { k: number; metric: "cosine" | "euclidean"; balancedAccuracy: number };
  linearProbeAccuracy: MetricValue & { balancedAccuracy: number; folds: number };
  leep?: MetricValue;
  nce?: MetricValue;
  /** Wall time of each part, milliseconds. */
  timingsMs: Record<string, number>;
}

function withBootstrap(value: number, n: number, reps: number[] | null): MetricValue {
  if (!reps) return { value, n };
  const { low, high } = percentileInterval(reps);
  const out: MetricValue = { value, low, high, n, interval: "bootstrap", replicates: reps.length };
  if (value < low || value > high) {
    // Plug-in estimators that depend on distinct rows (entropies over sparse cells, class means in
    // many dimensions) shift under resampling with replacement; say so rather than hide it.
    const bias = reps.reduce((a, b) => a + b, 0) / reps.length - value;
    out.note = `the estimate lies outside its percentile interval: bootstrap replicates are shifted by ${bias.toPrecision(3)} (plug-in bias under resampling), so the interval is unreliable`;
  }
  return out;
}

export async function computeTransferability(
  features: Matrix,
  labels: Int32Array,
  opts: TransferabilityOptions = {},
): Promise<TransferabilityResult> {
  checkFeatures(features, "computeTransferability features");
  const all = checkLabels(labels, features.rows, "computeTransferability labels");
  if (opts.sourceProbs)
    checkSourceProbs(opts.sourceProbs, features.rows, "computeTransferability opts.sourceProbs");
  const seed = opts.seed ?? 0;
  const B = intOption(opts.bootstrap, 200, "computeTransferability opts.bootstrap", 0);
  if (B === 1)
    throw new Error("computeTransferability opts.bootstrap: 1 replicate gives no interval; use 0 or >= 2");
  const maxSamples = intOption(opts.maxSamples, 4000, "computeTransferability opts.maxSamples", 4);
  const budget = opts.bootstrapBudget ?? 2e9;
  const eps = checkTransRateEps(opts.transRateEps ?? DEFAULT_TRANSRATE_EPS);
  const { pcaDims } = checkGbcOptions({ pcaDims: opts.gbcPcaDims });
  const timingsMs: Record<string, number> = {};
  const timed = <T>(name: string, f: () => T): T => {
    const t = performance.now();
    const r = f();
    timingsMs[name] = Math.round(performance.now() - t);
    return r;
  };

  const keep = stratifiedSubsample(labels, all.classes, maxSamples, seed);
  const X = keep ? takeRows(features, keep) : features;
  const y = keep ? Int32Array.from(keep, (i) => labels[i]!) : labels;
  const theta = opts.sourceProbs && keep ? takeRows(opts.sourceProbs, keep) : opts.sourceProbs;
  const { counts, classes } = checkLabels(y, X.rows, "computeTransferability labels (subsample)");
  const n = X.rows;
  const d = X.cols;

  const p = prepareFeatures(X);
  // The two big Gram products run on ONNX Runtime ahead of the (synchronous) metrics that use them.
  const t0 = performance.now();
  const centred = await centredGramFast(p);
  const knnG = await knnGram(X, "cosine");
  timingsMs.grams = Math.round(performance.now() - t0);
  const spec = timed("spectral", () => spectralMetrics(p, y, counts, { eps, pcaDims, centred }));
  const gbcScores = spec.pca ?? { scores: p.z, dims: d };
  const gbcValue = timed("gbc", () =>
    gbcFromScores(gbcScores.scores, n, gbcScores.dims, y, counts, "diagonal"),
  );

  const members = classMembers(y, classes);
  const rng = createRng(seed + 1);
  const resamples: Int32Array[] =
    B > 0 ? Array.from({ length: B }, () => stratifiedBootstrap(members, rng)) : [];

  // Bootstrap of the Gram-based metrics, when affordable.
  const perReplicate = spectralCost(n, d, counts);
  let specReps: { logme: number[]; h: number[]; tr: number[] } | null = null;
  let specNote: string | undefined;
  if (B > 0 && B * perReplicate <= budget) {
    specReps = timed("spectralBootstrap", () => {
      const out = { logme: [] as number[], h: [] as number[], tr: [] as number[] };
      // Raw rows, not the centred ones: LogME is not translation invariant.
      const raw = Float64Array.from(X.data);
      for (const idx of resamples) {
        const q = prepareFeatures({ rows: n, cols: d, data: takeRows64(raw, d, idx) });
        const yb = Int32Array.from(idx, (i) => y[i]!);
        const m = spectralMetrics(q, yb, counts, { eps, pcaDims: 0 });
        out.logme.push(m.logme.value);
        out.h.push(m.hScore.value);
        out.tr.push(m.transRate.value);
      }
      return out;
    });
  } else if (B > 0) {
    specNote = `no bootstrap interval: ${B} replicates x ${perReplicate.toExponential(1)} multiply-adds exceeds the budget of ${budget.toExponential(1)}`;
  }
  const gbcReps =
    B > 0
      ? timed("gbcBootstrap", () =>
          resamples.map((idx) =>
            gbcFromScores(
              takeRows64(gbcScores.scores, gbcScores.dims, idx),
              n,
              gbcScores.dims,
              Int32Array.from(idx, (i) => y[i]!),
              counts,
              "diagonal",
            ),
          ),
        )
      : null;

  const folds = intOption(opts.folds, 5, "computeTransferability opts.folds", 2);
  // k cannot exceed the smallest training split; stratified folds hold about n / folds rows each.
  const k = Math.max(
    1,
    Math.min(intOption(opts.knnK, 5, "computeTransferability opts.knnK", 1), n - Math.ceil(n / folds)),
  );
  const knn = timed("knn", () => knnProbeAccuracy(X, y, { k, folds, seed, metric: "cosine", gram: knnG }));
  const linear = timed("linearProbe", () => linearProbeAccuracy(X, y, { folds, seed }));

  const withNote = (m: MetricValue): MetricValue => (specNote && B > 0 ? { ...m, note: specNote } : m);
  const result: TransferabilityResult = {
    n,
    nTotal: features.rows,
    subsampled: keep !== null,
    maxSamples,
    seed,
    dims: d,
    classes,
    logme: withNote(withBootstrap(spec.logme.value, n, specReps?.logme ?? null)),
    hScore: withNote(withBootstrap(spec.hScore.value, n, specReps?.h ?? null)),
    transRate: { ...withNote(withBootstrap(spec.transRate.value, n, specReps?.tr ?? null)), eps },
    gbc: {
      ...withBootstrap(gbcValue, n, gbcReps),
      dims: gbcScores.dims,
      pca: spec.pca !== null,
      covariance: "diagonal",
    },
    knnAccuracy: {
      value: knn.value,
      low: knn.low,
      high: knn.high,
      n,
      interval: "wilson",
      k: knn.k,
      metric: knn.metric,
      balancedAccuracy: knn.balancedAccuracy,
    },
    linearProbeAccuracy: {
      value: linear.value,
      low: linear.low,
      high: linear.high,
      n,
      interval: "wilson",
      balancedAccuracy: linear.balancedAccuracy,
      folds: linear.folds,
    },
    timingsMs,
  };
  if (theta) {
    const source = timed("sourceHead", () => {
      const z = sourceArgmax(theta);
      const yOf = (idx: Int32Array) => Int32Array.from(idx, (i) => y[i]!);
      const leepReps =
        B > 0 ? resamples.map((idx) => leepOfRows(theta.data, theta.cols, y, classes, idx)) : null;
      const nceReps =
        B > 0
          ? resamples.map((idx) =>
              nceFromSourceLabels(
                Int32Array.from(idx, (i) => z[i]!),
                yOf(idx),
                theta.cols,
              ),
            )
          : null;
      return {
        leep: withBootstrap(leepOfRows(theta.data, theta.cols, y, classes), n, leepReps),
        nce: withBootstrap(nceFromSourceLabels(z, y, theta.cols), n, nceReps),
      };
    });
    result.leep = source.leep;
    result.nce = source.nce;
  }
  return result;
}

export { bhattacharyyaCoefficient, gbc } from "./gbc";
export { hScore } from "./hscore";
export { leep } from "./leep";
export { logME } from "./logme";
export { nce, nceFromSourceLabels } from "./nce";
export { knnProbeAccuracy, linearProbeAccuracy } from "./probes";
export { transRate } from "./transrate";
