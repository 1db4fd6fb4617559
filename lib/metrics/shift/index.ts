/**
 * Domain-shift metrics between a source and a target sample of embeddings (rows): MMD² with a
 * permutation test, Fréchet distance, CORAL distance, KS on the top source principal components,
 * and BBSD on softmax outputs when given. See each module for formula and paper.
 *
 * Owns: lib/metrics/shift/*. Imports only lib/metrics/{matrix,tf}.ts and lib/metrics/stats/*.
 */
import { type Matrix, takeRows } from "@/lib/metrics/matrix";
import { meanAndCovarianceFast } from "@/lib/metrics/stats/linalg";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { bbsd } from "./bbsd";
import { type CoralResult, coralDistance } from "./coral";
import { type FrechetResult, frechetDistance } from "./frechet";
import { type KsPcaResult, ksPca } from "./ks-pca";
import { type MmdResult, mmdTest } from "./mmd";
import type { MultiKsResult } from "./multi-ks";
import { checkPair, intOption } from "./validate";

export type { CoralResult, FrechetResult, KsPcaResult, MmdResult, MultiKsResult };
export { bbsd, coralDistance, frechetDistance, ksPca, mmdTest };

export interface ShiftOptions {
  /** Seed for subsampling and permutations (default 1). */
  seed?: number;
  /** MMD permutations (default 1000). */
  permutations?: number;
  /** Rows per side above which a seeded random subsample is taken (default 2000). */
  maxSamples?: number;
  /** Principal components for the KS test (default 32). */
  pcaComponents?: number;
  /** Softmax outputs of the source model, row-aligned with source / target, for BBSD. */
  sourceProbs?: Matrix;
  targetProbs?: Matrix;
}

export interface ShiftSampling {
  sourceRows: number;
  targetRows: number;
  /** Rows actually used per side. */
  sourceUsed: number;
  targetUsed: number;
  subsampled: boolean;
  maxSamples: number;
  /**
   * Seed of the run: the source subsample uses createRng(seed), the target createRng(seed + 1)
   * (rows drawn without replacement, kept in original order); the MMD permutations use seed.
   */
  seed: number;
}

export interface ShiftResult {
  sampling: ShiftSampling;
  mmd: MmdResult;
  frechet: FrechetResult;
  coral: CoralResult;
  ksPca: KsPcaResult;
  /** Null when no probabilities were given. */
  bbsd: MultiKsResult | null;
}

/** Sorted random subset of size `keep` of 0..rows-1 (all rows when rows <= keep). */
function subsampleIndex(rows: number, keep: number, seed: number): Int32Array | null {
  if (rows <= keep) return null;
  return permutation(rows, createRng(seed)).slice(0, keep).sort();
}

function take(m: Matrix, idx: Int32Array | null): Matrix {
  return idx === null ? m : takeRows(m, idx);
}

/** Every shift metric on (subsampled) source and target rows. */
export async function computeShift(
  source: Matrix,
  target: Matrix,
  opts: ShiftOptions = {},
): Promise<ShiftResult> {
  checkPair(source, target, "computeShift");
  const seed = intOption(opts.seed, 1, "computeShift: seed", 0);
  const maxSamples = intOption(opts.maxSamples, 2000, "computeShift: maxSamples", 2);
  const hasProbs = opts.sourceProbs !== undefined || opts.targetProbs !== undefined;
  if (hasProbs) {
    if (opts.sourceProbs === undefined || opts.targetProbs === undefined) {
      throw new Error("computeShift: give both sourceProbs and targetProbs, or neither");
    }
    if (opts.sourceProbs.rows !== source.rows) {
      throw new Error(
        `computeShift: sourceProbs has ${opts.sourceProbs.rows} rows, source has ${source.rows}`,
      );
    }
    if (opts.targetProbs.rows !== target.rows) {
      throw new Error(
        `computeShift: targetProbs has ${opts.targetProbs.rows} rows, target has ${target.rows}`,
      );
    }
  }
  // Independent streams per side so that the source subset does not depend on the target size.
  const sIdx = subsampleIndex(source.rows, maxSamples, seed);
  const tIdx = subsampleIndex(target.rows, maxSamples, seed + 1);
  const s = take(source, sIdx);
  const t = take(target, tIdx);
  const fits = {
    source: await meanAndCovarianceFast(s.data, s.rows, s.cols),
    target: await meanAndCovarianceFast(t.data, t.rows, t.cols),
  };
  const frechet = frechetDistance(s, t, fits);
  const coral = coralDistance(s, t, fits);
  const ks = ksPca(s, t, { components: opts.pcaComponents, sourceFit: fits.source });
  const mmd = await mmdTest(s, t, { permutations: opts.permutations, seed });
  const shift =
    opts.sourceProbs && opts.targetProbs
      ? bbsd(take(opts.sourceProbs, sIdx), take(opts.targetProbs, tIdx))
      : null;
  return {
    sampling: {
      sourceRows: source.rows,
      targetRows: target.rows,
      sourceUsed: s.rows,
      targetUsed: t.rows,
      subsampled: sIdx !== null || tIdx !== null,
      maxSamples,
      seed,
    },
    mmd,
    frechet,
    coral,
    ksPca: ks,
    bbsd: shift,
  };
}
