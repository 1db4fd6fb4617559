/**
 * Principal components of a sample from its covariance: the k largest eigenpairs of the unbiased
 * covariance (float64, `topEigenpairs`), and projection of rows onto them after subtracting the
 * fitted mean.
 */
import type { Matrix } from "@/lib/metrics/matrix";
import { type GaussianFit, topEigenpairs } from "@/lib/metrics/stats/linalg";

export interface PcaFit {
  mean: Float64Array;
  /** k x d row-major, unit rows, by decreasing variance. */
  components: Float64Array;
  /** Variance along each component (eigenvalues of the covariance), decreasing. */
  variances: Float64Array;
  /** Tr C: total variance, so variances[i] / totalVariance is the explained share. */
  totalVariance: number;
  k: number;
  d: number;
}

export function fitPca(fit: GaussianFit, k: number): PcaFit {
  const d = fit.d;
  if (!Number.isInteger(k) || k < 1 || k > d) throw new Error(`fitPca: k must be in 1..${d}, got ${k}`);
  const { values, vectors } = topEigenpairs(fit.cov, d, k);
  let totalVariance = 0;
  for (let i = 0; i < d; i++) totalVariance += fit.cov[i * d + i]!;
  return { mean: fit.mean, components: vectors, variances: values, totalVariance, k, d };
}

/** Scores of every row on every component: k arrays of length rows. */
export function projectColumns(pca: PcaFit, m: Matrix): Float64Array[] {
  if (m.cols !== pca.d) throw new Error(`projectColumns: matrix has ${m.cols} columns, PCA has ${pca.d}`);
  const { d, k, mean, components } = pca;
  const out: Float64Array[] = [];
  const centred = new Float64Array(d);
  for (let c = 0; c < k; c++) out.push(new Float64Array(m.rows));
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < d; j++) centred[j] = m.data[i * d + j]! - mean[j]!;
    for (let c = 0; c < k; c++) {
      let s = 0;
      const o = c * d;
      for (let j = 0; j < d; j++) s += components[o + j]! * centred[j]!;
      out[c]![i] = s;
    }
  }
  return out;
}
