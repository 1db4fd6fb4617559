/**
 * k-nearest-neighbour classification on raw (unstandardised) features, the usual probe of an
 * embedding's geometry. Defaults: k = 5, cosine similarity, majority vote; a tied vote goes to the
 * tied class that owns the nearest of the k neighbours; equally similar neighbours are taken in
 * row order. A zero row has cosine similarity 0 to everything.
 */
import type { Matrix } from "@/lib/metrics/matrix";
import { crossDot, gramRows, gramRowsFast, toFloat64 } from "./dense";
import { stratifiedFolds } from "./folds";
import { accuracy, balancedAccuracy } from "./scores";
import { checkFeatures, checkLabels, intOption, labelCounts } from "./validate";

export type KnnMetric = "cosine" | "euclidean";

export interface KnnOptions {
  /** Neighbours per vote (default 5). */
  k?: number;
  /** Default "cosine". */
  metric?: KnnMetric;
}

export const DEFAULT_K = 5;

function normaliseRows(A: Float64Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += A[i * d + j]! ** 2;
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) A[i * d + j]! *= inv;
  }
}

function squaredNorms(A: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += A[i * d + j]! ** 2;
    out[i] = s;
  }
  return out;
}

/**
 * Votes among the k most similar candidates. `sim(j)` is the similarity of candidate j (higher is
 * nearer); `candidates` lists the eligible rows in increasing order.
 */
function vote(
  sim: (j: number) => number,
  candidates: ArrayLike<number>,
  labels: Int32Array,
  k: number,
  classes: number,
  counts: Int32Array,
): number {
  const bestSim = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  const bestIdx = new Int32Array(k).fill(-1);
  for (let t = 0; t < candidates.length; t++) {
    const j = candidates[t]!;
    const s = sim(j);
    if (!(s > bestSim[k - 1]!)) continue; // strictly better only: earlier rows win ties
    let pos = k - 1;
    while (pos > 0 && s > bestSim[pos - 1]!) {
      bestSim[pos] = bestSim[pos - 1]!;
      bestIdx[pos] = bestIdx[pos - 1]!;
      pos--;
    }
    bestSim[pos] = s;
    bestIdx[pos] = j;
  }
  counts.fill(0, 0, classes);
  let top = 0;
  for (let q = 0; q < k; q++) {
    const c = labels[bestIdx[q]!]!;
    counts[c]!++;
    if (counts[c]! > top) top = counts[c]!;
  }
  for (let q = 0; q < k; q++) {
    const c = labels[bestIdx[q]!]!;
    if (counts[c] === top) return c;
  }
  throw new Error("knn: unreachable");
}

function prepare(X: Matrix, metric: KnnMetric): Float64Array {
  const A = toFloat64(X);
  if (metric === "cosine") normaliseRows(A, X.rows, X.cols);
  return A;
}

function checkMetric(metric: string): KnnMetric {
  if (metric !== "cosine" && metric !== "euclidean")
    throw new Error(`knn opts.metric: "${metric}" is not cosine or euclidean`);
  return metric;
}

/** Predict the class of each test row from the training rows. */
export function knnPredict(
  trainX: Matrix,
  trainY: Int32Array,
  testX: Matrix,
  opts: KnnOptions = {},
): Int32Array {
  checkFeatures(trainX, "knnPredict trainX", 1);
  checkFeatures(testX, "knnPredict testX", 1);
  if (trainX.cols !== testX.cols)
    throw new Error(`knnPredict testX: ${testX.cols} columns, trainX has ${trainX.cols}`);
  const { classes } = labelCounts(trainY, trainX.rows, "knnPredict trainY");
  const k = intOption(opts.k, DEFAULT_K, "knnPredict opts.k", 1);
  if (k > trainX.rows) throw new Error(`knnPredict opts.k: ${k} exceeds the ${trainX.rows} training rows`);
  const metric = checkMetric(opts.metric ?? "cosine");
  const d = trainX.cols;
  const A = prepare(trainX, metric);
  const B = prepare(testX, metric);
  const S = crossDot(B, testX.rows, A, trainX.rows, d);
  const nTrain = trainX.rows;
  const trainNorm = metric === "euclidean" ? squaredNorms(A, nTrain, d) : null;
  const all = Int32Array.from({ length: nTrain }, (_, j) => j);
  const counts = new Int32Array(classes);
  const out = new Int32Array(testX.rows);
  for (let i = 0; i < testX.rows; i++) {
    const o = i * nTrain;
    // For euclidean, -|a - b|^2 + |a|^2 = 2 a.b - |b|^2 ranks the same as -|a - b|^2.
    const sim = trainNorm ? (j: number) => 2 * S[o + j]! - trainNorm[j]! : (j: number) => S[o + j]!;
    out[i] = vote(sim, all, trainY, k, classes, counts);
  }
  return out;
}

/**
 * The Gram of the rows as `knnCrossValAccuracy` prepares them (unit rows for cosine), computed on
 * ONNX Runtime; pass it as `opts.gram` to skip the JavaScript product.
 */
export function knnGram(X: Matrix, metric: KnnMetric = "cosine"): Promise<Float64Array> {
  return gramRowsFast(prepare(X, checkMetric(metric)), X.rows, X.cols);
}

export interface KnnCrossValOptions extends KnnOptions {
  /** The Gram from `knnGram(X, metric)`, when computed ahead. */
  gram?: Float64Array;
  /** Default 5. */
  folds?: number;
  /** Seed of the stratified fold assignment (default 0). */
  seed?: number;
}

export interface KnnCrossValResult {
  accuracy: number;
  balancedAccuracy: number;
  /** Out-of-fold prediction of every row. */
  predicted: Int32Array;
  k: number;
  folds: number;
  metric: KnnMetric;
}

/** Stratified k-fold cross-validated kNN accuracy. */
export function knnCrossValAccuracy(
  X: Matrix,
  y: Int32Array,
  opts: KnnCrossValOptions = {},
): KnnCrossValResult {
  checkFeatures(X, "knnCrossValAccuracy X");
  const { classes } = checkLabels(y, X.rows, "knnCrossValAccuracy y", 2);
  const k = intOption(opts.k, DEFAULT_K, "knnCrossValAccuracy opts.k", 1);
  const folds = intOption(opts.folds, 5, "knnCrossValAccuracy opts.folds", 2);
  const metric = checkMetric(opts.metric ?? "cosine");
  const n = X.rows;
  const d = X.cols;
  const fold = stratifiedFolds(y, classes, folds, opts.seed ?? 0);
  const foldSize = new Int32Array(folds);
  for (let i = 0; i < n; i++) foldSize[fold[i]!]!++;
  for (let f = 0; f < folds; f++) {
    if (n - foldSize[f]! < k)
      throw new Error(
        `knnCrossValAccuracy opts.k: ${k} exceeds the ${n - foldSize[f]!} training rows of fold ${f}`,
      );
  }
  const A = prepare(X, metric);
  // One symmetric Gram serves every fold: about half the work of per-fold test x train products.
  if (opts.gram && opts.gram.length !== n * n)
    throw new Error(`knnCrossValAccuracy opts.gram: ${opts.gram.length} values, expected ${n} x ${n}`);
  const G = opts.gram ?? gramRows(A, n, d);
  const predicted = new Int32Array(n);
  const counts = new Int32Array(classes);
  const trainOf: Int32Array[] = [];
  for (let f = 0; f < folds; f++) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (fold[i] !== f) idx.push(i);
    trainOf.push(Int32Array.from(idx));
  }
  for (let i = 0; i < n; i++) {
    const o = i * n;
    const sim =
      metric === "euclidean" ? (j: number) => 2 * G[o + j]! - G[j * n + j]! : (j: number) => G[o + j]!;
    predicted[i] = vote(sim, trainOf[fold[i]!]!, y, k, classes, counts);
  }
  return {
    accuracy: accuracy(y, predicted),
    balancedAccuracy: balancedAccuracy(y, predicted),
    predicted,
    k,
    folds,
    metric,
  };
}
