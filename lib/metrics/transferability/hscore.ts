/**
 * H-score (Bao, Li, Huang, Wang, Zheng & Wu, "An Information-Theoretic Approach to Transferability
 * in Task Transfer Learning", ICIP 2019):
 *   H(f) = tr( cov(f)^+ cov(E[f | y]) )
 * with the Moore-Penrose pseudo-inverse, as in the authors' code (numpy pinv). Both covariances
 * carry the same 1/(N-1), which cancels, so with the centred features Z, class sizes n_c and class
 * mean offsets delta_c = mean_c - mean:
 *   H = sum_c n_c delta_c^T (Z^T Z)^+ delta_c
 *     = sum_c (1/n_c) |P 1_c|^2   (P the projector on the column space of Z; the N x N form)
 * Eigenvalues at or below size * machine epsilon * largest are treated as zero (the usual pinv
 * rank tolerance). Since cov(f) = within + between covariance, 0 <= H <= min(rank, C - 1): 0 for
 * features independent of the labels, C - 1 when the classes are perfectly linearly separated in a
 * full-rank way. With N <= d every labelling is separable and H hits C - 1 regardless of the
 * features: compare H-scores only at N well above d.
 */

import { checkFeatures, checkLabels } from "@/lib/metrics/classifiers/validate";
import type { Matrix } from "@/lib/metrics/matrix";
import { centredGram, type PreparedFeatures, prepareFeatures, rankTolerance } from "./gram";
import { spectralProjection } from "./symeig";

/** The vectors whose eigen-coordinates the H-score needs (delta_c, or the class indicators). */
export function hScoreVectors(p: PreparedFeatures, labels: Int32Array, counts: Int32Array): Float64Array[] {
  const { n, d, z } = p;
  const classes = counts.length;
  if (p.side === "sample") {
    return Array.from({ length: classes }, (_, c) => {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) if (labels[i] === c) v[i] = 1;
      return v;
    });
  }
  const deltas = Array.from({ length: classes }, () => new Float64Array(d));
  for (let i = 0; i < n; i++) {
    const v = deltas[labels[i]!]!;
    for (let j = 0; j < d; j++) v[j]! += z[i * d + j]!;
  }
  deltas.forEach((v, c) => {
    for (let j = 0; j < d; j++) v[j]! /= counts[c]!;
  });
  return deltas;
}

/** H-score from the centred Gram's eigenvalues and the coordinates of hScoreVectors on them. */
export function hScoreFromSpectrum(
  p: PreparedFeatures,
  values: Float64Array,
  projections: Float64Array[],
  counts: Int32Array,
): { value: number; rank: number } {
  const tol = rankTolerance(values, p.n, p.d);
  let value = 0;
  let rank = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! <= tol) continue;
    rank++;
    for (let c = 0; c < counts.length; c++) {
      const q = projections[c]![i]!;
      value += p.side === "sample" ? (q * q) / counts[c]! : (counts[c]! * q * q) / values[i]!;
    }
  }
  return { value, rank };
}

export function hScorePrepared(
  p: PreparedFeatures,
  labels: Int32Array,
  counts: Int32Array,
  centred?: Float64Array,
) {
  const G = centred ? Float64Array.from(centred) : centredGram(p);
  const { values, projections } = spectralProjection(G, p.size, hScoreVectors(p, labels, counts));
  return hScoreFromSpectrum(p, values, projections, counts);
}

/** H-score of features (N x d) for labels 0..C-1; `rank` is the numerical rank of cov(f). */
export function hScore(features: Matrix, labels: Int32Array): { value: number; rank: number } {
  checkFeatures(features, "hScore features");
  const { counts } = checkLabels(labels, features.rows, "hScore labels");
  return hScorePrepared(prepareFeatures(features), labels, counts);
}
