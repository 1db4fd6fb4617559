/**
 * LogME: the log marginal evidence of a Bayesian linear model from the features to each one-hot
 * target column (You, Liu, Wang & Long, "LogME: Practical Assessment of Pre-trained Models for
 * Transfer Learning", ICML 2021, Algorithms 1 and 2).
 *
 * For features F (N x D), target y (N) and prior w ~ N(0, 1/alpha I), noise ~ N(0, 1/beta):
 *   L(alpha, beta) = D/2 log alpha + N/2 log beta - N/2 log 2 pi
 *                    - beta/2 |F m - y|^2 - alpha/2 |m|^2 - 1/2 log |A|,
 *   A = alpha I + beta F^T F,   m = beta A^{-1} F^T y.
 * With F = U S V^T (sigma_i = s_i^2 the eigenvalues of F^T F, x_i = u_i^T y) everything is a sum:
 *   |m|^2 = sum beta^2 sigma_i x_i^2 / (alpha + beta sigma_i)^2
 *   |F m - y|^2 = sum x_i^2 alpha^2 / (alpha + beta sigma_i)^2 + (|y|^2 - sum x_i^2)
 *   log |A| = sum log(alpha + beta sigma_i) + (D - rank) log alpha
 * and alpha, beta are maximised by MacKay's fixed point (the paper's Algorithm 2):
 *   gamma = sum beta sigma_i / (alpha + beta sigma_i),  alpha <- gamma / |m|^2,  beta <- (N - gamma) / |F m - y|^2
 * from alpha = beta = 1, iterated to a relative change of alpha / beta below 1e-10 (the paper stops
 * at 1e-3; the iteration costs O(rank) so converging fully is free).
 * LogME = (1/C) sum_c L_c(alpha_c*, beta_c*) / N over the C one-hot columns: the paper's
 * normalisation. Raw features, no centring and no bias, as in the paper and its released code.
 * Unlike the released code, the D - rank zero eigenvalues keep their log alpha term, so
 * rank-deficient features (N < D) get the exact evidence. Larger is better; the value is a mean
 * log-likelihood per sample and is comparable only across models on the same target data.
 */

import { checkFeatures, checkLabels } from "@/lib/metrics/classifiers/validate";
import type { Matrix } from "@/lib/metrics/matrix";
import { centredGram, type PreparedFeatures, prepareFeatures, rankTolerance, uncentredGram } from "./gram";
import { spectralProjection } from "./symeig";

/** The spectral summary of one target column. */
export interface EvidenceInputs {
  /** Non-zero eigenvalues of F^T F (rank of them). */
  sigma: Float64Array;
  /** Squared coordinates (u_i^T y)^2 of the target on the matching left singular vectors. */
  x2: Float64Array;
  /** |y|^2. */
  yy: number;
  /** Samples N. */
  n: number;
  /** Feature dimension D. */
  d: number;
}

/** L(alpha, beta), the log evidence (not divided by N). */
export function logEvidence(alpha: number, beta: number, inp: EvidenceInputs): number {
  const { sigma, x2, yy, n, d } = inp;
  let m2 = 0;
  let fit = 0;
  let logDet = 0;
  let explained = 0;
  for (let i = 0; i < sigma.length; i++) {
    const s = sigma[i]!;
    const den = alpha + beta * s;
    m2 += (beta * beta * s * x2[i]!) / (den * den);
    fit += (x2[i]! * alpha * alpha) / (den * den);
    logDet += Math.log(den);
    explained += x2[i]!;
  }
  const residual = fit + Math.max(0, yy - explained);
  logDet += (d - sigma.length) * Math.log(alpha);
  return (
    (d / 2) * Math.log(alpha) +
    (n / 2) * Math.log(beta) -
    (n / 2) * Math.log(2 * Math.PI) -
    (beta / 2) * residual -
    (alpha / 2) * m2 -
    logDet / 2
  );
}

export interface EvidenceFit {
  alpha: number;
  beta: number;
  /** L(alpha, beta) / N at the fixed point. */
  evidence: number;
  iterations: number;
}

/**
 * The supremum of L as alpha -> infinity (w -> 0, noise-only model, beta = N / |y|^2), per sample:
 * D/2 log alpha - 1/2 log|A| -> 0, |F m - y|^2 -> |y|^2, so L -> N/2 (log beta - log 2 pi - 1).
 */
function noiseOnly(n: number, yy: number, iterations: number): EvidenceFit {
  const beta = n / yy;
  return {
    alpha: Number.POSITIVE_INFINITY,
    beta,
    evidence: (Math.log(beta) - Math.log(2 * Math.PI) - 1) / 2,
    iterations,
  };
}

/**
 * Maximise L over alpha, beta by the fixed-point iteration. When the features carry too little
 * signal for the target, the iteration drives alpha / beta to infinity (the evidence keeps rising
 * as w -> 0); once alpha / beta exceeds 1e12 times the largest eigenvalue the weights are zero to
 * 12 digits and the exact limit is returned (alpha = Infinity). The authors' code instead adds 1e-5
 * to the denominators and stops after 11 iterations, which leaves alpha finite but arbitrary there.
 */
export function maximiseEvidence(inp: EvidenceInputs, maxIter = 10_000): EvidenceFit {
  const { sigma, x2, yy, n } = inp;
  let explained = 0;
  let sigmaMax = 0;
  for (let i = 0; i < x2.length; i++) {
    explained += x2[i]!;
    sigmaMax = Math.max(sigmaMax, sigma[i]!);
  }
  const rest = Math.max(0, yy - explained);
  // y orthogonal to every feature direction: nothing to fit.
  if (!(explained > 1e-300)) return noiseOnly(n, yy, 0);
  let alpha = 1;
  let beta = 1;
  let iterations = 0;
  while (iterations < maxIter) {
    iterations++;
    let gamma = 0;
    let m2 = 0;
    let fit = 0;
    for (let i = 0; i < sigma.length; i++) {
      const s = sigma[i]!;
      const den = alpha + beta * s;
      gamma += (beta * s) / den;
      m2 += (beta * beta * s * x2[i]!) / (den * den);
      fit += (x2[i]! * alpha * alpha) / (den * den);
    }
    const residual = fit + rest;
    const newAlpha = gamma / m2;
    const newBeta = (n - gamma) / Math.max(residual, 1e-300);
    const ratio = alpha / beta;
    const newRatio = newAlpha / newBeta;
    if (!Number.isFinite(newRatio) || newRatio > 1e12 * sigmaMax) return noiseOnly(n, yy, iterations);
    alpha = newAlpha;
    beta = newBeta;
    if (Math.abs(newRatio - ratio) <= 1e-10 * ratio) break;
  }
  return { alpha, beta, evidence: logEvidence(alpha, beta, inp) / n, iterations };
}

export interface LogMEResult {
  /** Mean over classes of the per-sample maximum log evidence. */
  value: number;
  perClass: EvidenceFit[];
  /** Numerical rank of the features used. */
  rank: number;
}

/** LogME from prepared features (shares the Gram with the other metrics). */
export function logMEPrepared(
  p: PreparedFeatures,
  labels: Int32Array,
  classes: number,
  centred?: Float64Array,
): LogMEResult {
  const { n, d, size } = p;
  const G = uncentredGram(p, centred ?? centredGram(p));
  // Vectors to project: F^T y_c (feature side) or y_c itself (sample side).
  const vectors: Float64Array[] = [];
  const counts = new Float64Array(classes);
  for (let c = 0; c < classes; c++) vectors.push(new Float64Array(size));
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]!++;
    if (p.side === "sample") vectors[c]![i] = 1;
    else {
      const v = vectors[c]!;
      for (let j = 0; j < d; j++) v[j]! += p.z[i * d + j]! + p.mean[j]!;
    }
  }
  const { values, projections } = spectralProjection(G, size, vectors);
  const tol = rankTolerance(values, n, d);
  const keep: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i]! > tol) keep.push(i);
  const sigma = Float64Array.from(keep, (i) => values[i]!);
  const perClass = projections.map((proj, c) => {
    // Feature side: u_i^T y = v_i^T F^T y / s_i.
    const x2 = Float64Array.from(keep, (i) =>
      p.side === "sample" ? proj[i]! ** 2 : proj[i]! ** 2 / values[i]!,
    );
    return maximiseEvidence({ sigma, x2, yy: counts[c]!, n, d });
  });
  const value = perClass.reduce((s, f) => s + f.evidence, 0) / classes;
  return { value, perClass, rank: keep.length };
}

/** LogME of features (N x D) for integer labels 0..C-1. */
export function logME(features: Matrix, labels: Int32Array): LogMEResult {
  checkFeatures(features, "logME features");
  const { classes } = checkLabels(labels, features.rows, "logME labels");
  return logMEPrepared(prepareFeatures(features), labels, classes);
}
