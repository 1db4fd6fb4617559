/**
 * Univariate KS tests on the top principal components, Bonferroni-combined: the "PCA + multiple
 * univariate KS" detector of Rabanser, Günnemann & Lipton, "Failing Loudly: An Empirical Study of
 * Methods for Detecting Dataset Shift", NeurIPS 2019. PCA is fitted on the source only; both
 * samples are projected on the source components, and each component is tested with the two-sample
 * KS test (`lib/metrics/stats/ks.ts`).
 */
import type { Matrix } from "@/lib/metrics/matrix";
import { type GaussianFit, meanAndCovariance } from "@/lib/metrics/stats/linalg";
import { ksBonferroni, type MultiKsResult } from "./multi-ks";
import { fitPca, projectColumns } from "./pca";
import { checkPair, intOption } from "./validate";

export interface KsPcaOptions {
  /** Number of principal components (default 32; capped at d and at source rows - 1). */
  components?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Precomputed `meanAndCovariance` of the source rows. */
  sourceFit?: GaussianFit;
}

export interface KsPcaResult extends MultiKsResult {
  /** Components asked for. */
  requestedComponents: number;
  /** Share of the source variance captured by each tested component. */
  explainedVarianceRatio: number[];
}

export function ksPca(source: Matrix, target: Matrix, opts: KsPcaOptions = {}): KsPcaResult {
  checkPair(source, target, "ksPca");
  const requested = intOption(opts.components, 32, "ksPca: components", 1);
  const alpha = opts.alpha ?? 0.05;
  const d = source.cols;
  // Beyond rank n - 1 the source covariance has only zero-variance directions, which carry no signal.
  const k = Math.min(requested, d, source.rows - 1);
  const fit = opts.sourceFit ?? meanAndCovariance(source.data, source.rows, d);
  if (fit.d !== d || fit.n !== source.rows) throw new Error("ksPca: sourceFit does not match source");
  const pca = fitPca(fit, k);
  const result = ksBonferroni(projectColumns(pca, source), projectColumns(pca, target), alpha);
  const explainedVarianceRatio = Array.from(pca.variances, (v) =>
    pca.totalVariance > 0 ? v / pca.totalVariance : 0,
  );
  return { ...result, requestedComponents: requested, explainedVarianceRatio };
}
