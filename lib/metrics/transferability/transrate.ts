/**
 * TransRate (Huang, Huang, Rong, Yang & Wei, "Frustratingly Easy Transferability Estimation",
 * ICML 2022): the coding-rate reduction between the features and the features given the label,
 *   TrR = R(Z, eps) - R(Z, eps | Y),
 *   R(Z, eps)     = 1/2 log det( I + Z^T Z / (N eps) ),
 *   R(Z, eps | Y) = sum_c (n_c / N) * 1/2 log det( I + Z_c^T Z_c / (n_c eps) ),
 * Z the centred features, Z_c its rows of class c. eps = 1e-4 by default, the value in the authors'
 * released code, which writes the scale as 1/(N eps) (eps in the role of epsilon^2, no factor d);
 * we follow that code so values are comparable with it. The class terms are weighted n_c / N as in
 * the rate-reduction definition the paper builds on (Yu et al., NeurIPS 2020); the released code
 * averages them uniformly, which is the same for balanced classes. By concavity of log det,
 * TrR >= 0, with 0 when every class has the same second moments as the whole (identical classes).
 * Depends on the feature scale: compare models on the same target data only.
 */

import { gramRows, takeRows64, transpose } from "@/lib/metrics/classifiers/dense";
import { checkFeatures, checkLabels } from "@/lib/metrics/classifiers/validate";
import type { Matrix } from "@/lib/metrics/matrix";
import { centredGram, type PreparedFeatures, prepareFeatures } from "./gram";

export const DEFAULT_TRANSRATE_EPS = 1e-4;

/** log det(I + scale * G) of a PSD Gram by Cholesky (I + PSD is positive definite). */
export function logDetIdentityPlus(G: Float64Array, n: number, scale: number): number {
  const L = new Float64Array(n * n);
  let logDet = 0;
  for (let j = 0; j < n; j++) {
    let s = 1 + scale * G[j * n + j]!;
    for (let k = 0; k < j; k++) s -= L[j * n + k]! ** 2;
    if (!(s > 0))
      throw new Error("logDetIdentityPlus: matrix is not positive definite (input not a Gram matrix?)");
    const ljj = Math.sqrt(s);
    L[j * n + j] = ljj;
    logDet += 2 * Math.log(ljj);
    for (let i = j + 1; i < n; i++) {
      let t = scale * G[i * n + j]!;
      const ri = i * n;
      const rj = j * n;
      for (let k = 0; k < j; k++) t -= L[ri + k]! * L[rj + k]!;
      L[ri + j] = t / ljj;
    }
  }
  return logDet;
}

/** 1/2 log det(I + Z_c^T Z_c / (n_c eps)) for the rows `idx` of the centred features, on the smaller side. */
function classRate(p: PreparedFeatures, idx: Int32Array, eps: number): number {
  const m = idx.length;
  const rows = takeRows64(p.z, p.d, idx);
  const G = m <= p.d ? gramRows(rows, m, p.d) : gramRows(transpose(rows, m, p.d), p.d, m);
  return 0.5 * logDetIdentityPlus(G, Math.min(m, p.d), 1 / (m * eps));
}

/** R(Z, eps) from the centred Gram's eigenvalues (either side: the non-zero ones coincide). */
export function codingRateFromEigenvalues(values: Float64Array, n: number, eps: number): number {
  let r = 0;
  for (let i = 0; i < values.length; i++) r += Math.log1p(Math.max(0, values[i]!) / (n * eps));
  return r / 2;
}

export interface TransRateResult {
  value: number;
  /** R(Z, eps). */
  rate: number;
  /** R(Z, eps | Y). */
  conditionalRate: number;
  eps: number;
}

/** TransRate given R(Z, eps) (from eigenvalues or a Cholesky log det); adds the class terms. */
export function transRateWithRate(
  p: PreparedFeatures,
  rate: number,
  labels: Int32Array,
  counts: Int32Array,
  eps: number,
): TransRateResult {
  let conditionalRate = 0;
  for (let c = 0; c < counts.length; c++) {
    const idx = new Int32Array(counts[c]!);
    let k = 0;
    for (let i = 0; i < p.n; i++) if (labels[i] === c) idx[k++] = i;
    conditionalRate += (counts[c]! / p.n) * classRate(p, idx, eps);
  }
  return { value: rate - conditionalRate, rate, conditionalRate, eps };
}

export function checkTransRateEps(eps: number): number {
  if (!(eps > 0) || !Number.isFinite(eps))
    throw new Error(`transRate opts.eps: expected a positive number, got ${eps}`);
  return eps;
}

/** TransRate of features (N x d) for labels 0..C-1. */
export function transRate(
  features: Matrix,
  labels: Int32Array,
  opts: { eps?: number } = {},
): TransRateResult {
  checkFeatures(features, "transRate features");
  const { counts } = checkLabels(labels, features.rows, "transRate labels");
  const eps = checkTransRateEps(opts.eps ?? DEFAULT_TRANSRATE_EPS);
  const p = prepareFeatures(features);
  // A Cholesky log det is half the work of the eigenvalues computeTransferability shares.
  const rate = 0.5 * logDetIdentityPlus(centredGram(p), p.size, 1 / (p.n * eps));
  return transRateWithRate(p, rate, labels, counts, eps);
}
