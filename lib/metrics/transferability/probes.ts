/**
 * Probe accuracies of frozen features: a cross-validated kNN classifier (k = 5, cosine, by default)
 * and a cross-validated L2 logistic-regression linear probe (l2 = 1e-3 on standardised features),
 * each with a 95% Wilson interval over the N out-of-fold predictions. Balanced accuracy is
 * reported next to the accuracy for imbalanced targets.
 */
import { crossValPredict } from "@/lib/metrics/classifiers/crossval";
import { wilsonInterval } from "@/lib/metrics/classifiers/interval";
import { type KnnMetric, knnCrossValAccuracy } from "@/lib/metrics/classifiers/knn";
import { accuracy, balancedAccuracy } from "@/lib/metrics/classifiers/scores";
import type { Matrix } from "@/lib/metrics/matrix";

export interface ProbeAccuracy {
  value: number;
  low: number;
  high: number;
  n: number;
  balancedAccuracy: number;
  folds: number;
}

function withInterval(y: Int32Array, predicted: Int32Array, folds: number): ProbeAccuracy {
  const value = accuracy(y, predicted);
  const hits = Math.round(value * y.length);
  return {
    value,
    ...wilsonInterval(hits, y.length),
    n: y.length,
    balancedAccuracy: balancedAccuracy(y, predicted),
    folds,
  };
}

export function linearProbeAccuracy(
  features: Matrix,
  labels: Int32Array,
  opts: { folds?: number; seed?: number; l2?: number } = {},
): ProbeAccuracy {
  const r = crossValPredict(features, labels, opts);
  return withInterval(labels, r.predicted, r.folds);
}

export function knnProbeAccuracy(
  features: Matrix,
  labels: Int32Array,
  opts: { k?: number; folds?: number; seed?: number; metric?: KnnMetric; gram?: Float64Array } = {},
): ProbeAccuracy & { k: number; metric: KnnMetric } {
  const r = knnCrossValAccuracy(features, labels, opts);
  return { ...withInterval(labels, r.predicted, r.folds), k: r.k, metric: r.metric };
}
