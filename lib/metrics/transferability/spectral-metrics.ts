/**
 * LogME, H-score, TransRate and the GBC principal components from one centred Gram: the Gram is
 * built once, LogME decomposes its uncentred version, and a single decomposition of the centred
 * one yields the H-score coordinates, the TransRate coding rate and the PCA eigenvectors.
 */

import { pcaScores } from "./gbc";
import { centredGram, type PreparedFeatures } from "./gram";
import { hScoreFromSpectrum, hScoreVectors } from "./hscore";
import { type LogMEResult, logMEPrepared } from "./logme";
import { spectralProjection } from "./symeig";
import { codingRateFromEigenvalues, type TransRateResult, transRateWithRate } from "./transrate";

export interface SpectralMetrics {
  logme: LogMEResult;
  hScore: { value: number; rank: number };
  transRate: TransRateResult;
  /** Scores on the top principal components, when requested and d > pcaDims. */
  pca: { scores: Float64Array; dims: number } | null;
}

export function spectralMetrics(
  p: PreparedFeatures,
  labels: Int32Array,
  counts: Int32Array,
  opts: { eps: number; pcaDims: number; centred?: Float64Array },
): SpectralMetrics {
  // A Gram computed ahead (centredGramFast) is taken over: the decomposition below overwrites it.
  const centred = opts.centred ?? centredGram(p);
  // LogME copies the Gram before the centred decomposition below overwrites it.
  const logme = logMEPrepared(p, labels, counts.length, centred);
  const { values, projections, tri } = spectralProjection(centred, p.size, hScoreVectors(p, labels, counts));
  const hScore = hScoreFromSpectrum(p, values, projections, counts);
  const transRate = transRateWithRate(
    p,
    codingRateFromEigenvalues(values, p.n, opts.eps),
    labels,
    counts,
    opts.eps,
  );
  const pca = opts.pcaDims > 0 && p.d > opts.pcaDims ? pcaScores(p, tri, values, opts.pcaDims) : null;
  return { logme, hScore, transRate, pca };
}

/** Multiply-adds of one spectralMetrics call, to decide whether bootstrapping it is affordable. */
export function spectralCost(n: number, d: number, counts: Int32Array): number {
  const s = Math.min(n, d);
  const big = Math.max(n, d);
  let cost = (s * s * big) / 2 + 2 * ((2 / 3) * s ** 3);
  for (let c = 0; c < counts.length; c++) {
    const m = counts[c]!;
    const a = Math.min(m, d);
    cost += (a * a * Math.max(m, d)) / 2 + a ** 3 / 3;
  }
  return cost;
}
