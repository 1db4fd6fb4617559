/**
 * Out-of-fold predictions of the L2 logistic regression (./logistic.ts) under seeded stratified
 * k-fold cross-validation (./folds.ts). Each fold's model, standardisation included, sees only its
 * training rows, so every prediction is for a row the model never saw.
 */
import { type Matrix, takeRows } from "@/lib/metrics/matrix";
import { splitFold, stratifiedFolds } from "./folds";
import { argmaxRows, fitLogistic, predictProba } from "./logistic";
import { checkFeatures, checkLabels, intOption } from "./validate";

export interface CrossValOptions {
  /** Number of folds (default 5). */
  folds?: number;
  /** Seed of the fold assignment (default 0). */
  seed?: number;
  /** L2 penalty of the logistic regression (default DEFAULT_L2 = 1e-3). */
  l2?: number;
}

export interface CrossValResult {
  /** Out-of-fold predicted class of each row. */
  predicted: Int32Array;
  /** Out-of-fold class probabilities, N x C row-major. */
  proba: Float64Array;
  classes: number;
  folds: number;
}

export function crossValPredict(X: Matrix, y: Int32Array, opts: CrossValOptions = {}): CrossValResult {
  checkFeatures(X, "crossValPredict X");
  const { classes } = checkLabels(y, X.rows, "crossValPredict y", 2);
  const folds = intOption(opts.folds, 5, "crossValPredict opts.folds", 2);
  const seed = opts.seed ?? 0;
  const fold = stratifiedFolds(y, classes, folds, seed);
  const proba = new Float64Array(X.rows * classes);
  for (let f = 0; f < folds; f++) {
    const { train, test } = splitFold(fold, f);
    const ytr = new Int32Array(train.length);
    for (let k = 0; k < train.length; k++) ytr[k] = y[train[k]!]!;
    const model = fitLogistic(takeRows(X, train), ytr, { l2: opts.l2, classes });
    const p = predictProba(model, takeRows(X, test));
    for (let k = 0; k < test.length; k++) {
      proba.set(p.subarray(k * classes, (k + 1) * classes), test[k]! * classes);
    }
  }
  return { predicted: argmaxRows(proba, X.rows, classes), proba, classes, folds };
}
