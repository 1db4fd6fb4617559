/**
 * GBC, Gaussian Bhattacharyya Coefficient (Pándy, Agostinelli, Uijlings, Ferrari & Mensink,
 * "Transferability Estimation using Bhattacharyya Class Separability", CVPR 2022).
 * Each class c is modelled as a Gaussian N(mu_c, diag(v_c)) (the "diagonal" variant, default here;
 * "spherical" replaces v_c by its mean over dimensions), with population variances floored at 1e-4
 * as in the authors' code. For two classes with avg = (v_i + v_j) / 2 over k dimensions:
 *   D_B(i, j) = 1/8 sum (mu_i - mu_j)^2 / avg + 1/2 sum log( avg / sqrt(v_i v_j) ),
 *   BC(i, j)  = exp(-D_B(i, j)),        GBC = - sum_{i != j} BC(i, j)  in [-C(C-1), 0].
 * 0 means perfectly separated classes, -C(C-1) identical ones. For the spherical variant the log
 * term is multiplied by k (the exact spherical-Gaussian distance; the released code omits it).
 * As in the paper's experiments the features are first reduced by PCA to 64 dimensions (when d is
 * larger); this uses the exact top eigenvectors of the centred covariance.
 */
import { crossDot } from "@/lib/metrics/classifiers/dense";
import { checkFeatures, checkLabels, intOption } from "@/lib/metrics/classifiers/validate";
import type { Matrix } from "@/lib/metrics/matrix";
import { centredGram, type PreparedFeatures, prepareFeatures, rankTolerance } from "./gram";
import { eigenvectors, spectralProjection, type Tridiagonal } from "./symeig";

export type GbcCovariance = "diagonal" | "spherical";

export const DEFAULT_GBC_PCA_DIMS = 64;
const VARIANCE_FLOOR = 1e-4;

export interface GbcOptions {
  /** Reduce to this many principal components first (default 64; 0 disables). */
  pcaDims?: number;
  covariance?: GbcCovariance;
}

export interface GbcResult {
  value: number;
  /** Dimensions the Gaussians live in (after PCA). */
  dims: number;
  pca: boolean;
  covariance: GbcCovariance;
}

/** Bhattacharyya coefficient of two Gaussians with diagonal (or spherical) covariances given as variances. */
export function bhattacharyyaCoefficient(
  mu1: ArrayLike<number>,
  var1: ArrayLike<number>,
  mu2: ArrayLike<number>,
  var2: ArrayLike<number>,
  covariance: GbcCovariance = "diagonal",
): number {
  const k = mu1.length;
  if (mu2.length !== k || var1.length !== k || var2.length !== k) {
    throw new Error(
      `bhattacharyyaCoefficient: lengths ${mu1.length}, ${var1.length}, ${mu2.length}, ${var2.length} differ`,
    );
  }
  let dist = 0;
  if (covariance === "spherical") {
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < k; j++) {
      s1 += var1[j]!;
      s2 += var2[j]!;
    }
    s1 /= k;
    s2 /= k;
    const avg = (s1 + s2) / 2;
    for (let j = 0; j < k; j++) dist += (mu1[j]! - mu2[j]!) ** 2 / avg / 8;
    dist += (k / 2) * (Math.log(avg) - 0.5 * Math.log(s1) - 0.5 * Math.log(s2));
  } else {
    for (let j = 0; j < k; j++) {
      const avg = (var1[j]! + var2[j]!) / 2;
      dist += (mu1[j]! - mu2[j]!) ** 2 / avg / 8;
      dist += 0.5 * (Math.log(avg) - 0.5 * Math.log(var1[j]!) - 0.5 * Math.log(var2[j]!));
    }
  }
  return Math.exp(-dist);
}

/** GBC of n x k scores (row-major). */
export function gbcFromScores(
  scores: Float64Array,
  n: number,
  k: number,
  labels: Int32Array,
  counts: Int32Array,
  covariance: GbcCovariance,
): number {
  const C = counts.length;
  const mu = new Float64Array(C * k);
  const v = new Float64Array(C * k);
  for (let i = 0; i < n; i++) {
    const o = labels[i]! * k;
    for (let j = 0; j < k; j++) mu[o + j]! += scores[i * k + j]!;
  }
  for (let c = 0; c < C; c++) for (let j = 0; j < k; j++) mu[c * k + j]! /= counts[c]!;
  for (let i = 0; i < n; i++) {
    const o = labels[i]! * k;
    for (let j = 0; j < k; j++) v[o + j]! += (scores[i * k + j]! - mu[o + j]!) ** 2;
  }
  for (let c = 0; c < C; c++) {
    for (let j = 0; j < k; j++) v[c * k + j] = Math.max(v[c * k + j]! / counts[c]!, VARIANCE_FLOOR);
  }
  let sum = 0;
  for (let a = 0; a < C; a++) {
    for (let b = a + 1; b < C; b++) {
      const sl = (c: number, arr: Float64Array) => arr.subarray(c * k, (c + 1) * k);
      sum += bhattacharyyaCoefficient(sl(a, mu), sl(a, v), sl(b, mu), sl(b, v), covariance);
    }
  }
  return -2 * sum; // BC is symmetric: each unordered pair appears twice in the sum over i != j
}

/**
 * Scores on the top principal components, from the decomposition of the centred Gram:
 * Z v_j on the feature side, u_j sqrt(lambda_j) on the sample side (Z = U S V^T).
 */
export function pcaScores(
  p: PreparedFeatures,
  tri: Tridiagonal,
  values: Float64Array,
  dims: number,
): { scores: Float64Array; dims: number } {
  const tol = rankTolerance(values, p.n, p.d);
  const top: number[] = [];
  for (let i = values.length - 1; i >= 0 && top.length < dims; i--)
    if (values[i]! > tol) top.push(values[i]!);
  const k = top.length;
  const vecs = eigenvectors(tri, top);
  if (p.side === "feature") {
    const V = new Float64Array(k * p.d);
    for (const [j, v] of vecs.entries()) V.set(v, j * p.d);
    return { scores: crossDot(p.z, p.n, V, k, p.d), dims: k };
  }
  const scores = new Float64Array(p.n * k);
  vecs.forEach((u, j) => {
    const s = Math.sqrt(top[j]!);
    for (let i = 0; i < p.n; i++) scores[i * k + j] = u[i]! * s;
  });
  return { scores, dims: k };
}

export function checkGbcOptions(opts: GbcOptions): { pcaDims: number; covariance: GbcCovariance } {
  const pcaDims = intOption(opts.pcaDims, DEFAULT_GBC_PCA_DIMS, "gbc opts.pcaDims", 0);
  const covariance = opts.covariance ?? "diagonal";
  if (covariance !== "diagonal" && covariance !== "spherical") {
    throw new Error(`gbc opts.covariance: "${covariance}" is not diagonal or spherical`);
  }
  return { pcaDims, covariance };
}

/** GBC of features (N x d) for labels 0..C-1. */
export function gbc(features: Matrix, labels: Int32Array, opts: GbcOptions = {}): GbcResult {
  checkFeatures(features, "gbc features");
  const { counts } = checkLabels(labels, features.rows, "gbc labels");
  const { pcaDims, covariance } = checkGbcOptions(opts);
  const p = prepareFeatures(features);
  if (pcaDims === 0 || p.d <= pcaDims) {
    return {
      value: gbcFromScores(p.z, p.n, p.d, labels, counts, covariance),
      dims: p.d,
      pca: false,
      covariance,
    };
  }
  const { values, tri } = spectralProjection(centredGram(p), p.size);
  const { scores, dims } = pcaScores(p, tri, values, pcaDims);
  return { value: gbcFromScores(scores, p.n, dims, labels, counts, covariance), dims, pca: true, covariance };
}
