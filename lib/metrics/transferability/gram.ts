/**
 * The Gram matrices behind LogME, H-score, TransRate and the PCA step of GBC, built once on the
 * smaller side of the N x d feature matrix: d x d (Z^T Z, "feature" side) when d <= N, otherwise
 * N x N (Z Z^T, "sample" side). Both sides share their non-zero eigenvalues, and each metric has a
 * formula for either side, so the cost is min(N, d)^2 max(N, d) / 2 plus an eigen-solve of size
 * min(N, d).
 */
import { centerColumns, gramRows, gramRowsFast, toFloat64, transpose } from "@/lib/metrics/classifiers/dense";
import type { Matrix } from "@/lib/metrics/matrix";

export type GramSide = "feature" | "sample";

export interface PreparedFeatures {
  n: number;
  d: number;
  /** Column means of the features. */
  mean: Float64Array;
  /** Centred features Z = F - 1 mean^T, N x d row-major, float64. */
  z: Float64Array;
  side: GramSide;
  /** min(N, d). */
  size: number;
}

export function prepareFeatures(X: Matrix): PreparedFeatures {
  const z = toFloat64(X);
  const mean = centerColumns(z, X.rows, X.cols);
  const side: GramSide = X.cols <= X.rows ? "feature" : "sample";
  return { n: X.rows, d: X.cols, mean, z, side, size: Math.min(X.rows, X.cols) };
}

/** Centred Gram: Z^T Z (d x d) on the feature side, Z Z^T (N x N) on the sample side. */
export function centredGram(p: PreparedFeatures): Float64Array {
  return p.side === "feature" ? gramRows(transpose(p.z, p.n, p.d), p.d, p.n) : gramRows(p.z, p.n, p.d);
}

/** `centredGram` with the product on ONNX Runtime (see gramRowsFast). */
export function centredGramFast(p: PreparedFeatures): Promise<Float64Array> {
  return p.side === "feature"
    ? gramRowsFast(transpose(p.z, p.n, p.d), p.d, p.n, p.z)
    : gramRowsFast(p.z, p.n, p.d);
}

/**
 * The uncentred Gram of F = Z + 1 mean^T from the centred one (the column sums of Z are zero):
 *   F^T F = Z^T Z + N mean mean^T;   F F^T = Z Z^T + a 1^T + 1 a^T + |mean|^2 1 1^T, a = Z mean.
 */
export function uncentredGram(p: PreparedFeatures, centred: Float64Array): Float64Array {
  const { n, d, mean, z } = p;
  const s = p.size;
  const G = Float64Array.from(centred);
  if (p.side === "feature") {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) G[i * d + j]! += n * mean[i]! * mean[j]!;
    return G;
  }
  const a = new Float64Array(n);
  let mm = 0;
  for (let j = 0; j < d; j++) mm += mean[j]! * mean[j]!;
  for (let i = 0; i < n; i++) {
    let t = 0;
    for (let j = 0; j < d; j++) t += z[i * d + j]! * mean[j]!;
    a[i] = t;
  }
  for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) G[i * s + j]! += a[i]! + a[j]! + mm;
  return G;
}

/** Relative rank tolerance for eigenvalues of a Gram: size * machine epsilon * largest eigenvalue. */
export function rankTolerance(values: Float64Array, n: number, d: number): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  return Math.max(n, d) * 2 ** -52 * max;
}
