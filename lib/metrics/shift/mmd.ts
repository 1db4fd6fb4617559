/**
 * Maximum mean discrepancy with a Gaussian kernel and a permutation test.
 *
 * Statistic (Gretton, Borgwardt, Rasch, Schölkopf & Smola, "A Kernel Two-Sample Test", JMLR 13,
 * 2012, Eq. 3, the unbiased estimator):
 *   MMD²_u = 1/(n(n-1)) Σ_{i≠j} k(x_i,x_j) + 1/(m(m-1)) Σ_{i≠j} k(y_i,y_j) - 2/(nm) Σ_{i,j} k(x_i,y_j)
 * with k(x,y) = exp(-||x-y||² / (2σ²)) and σ the median of the pairwise Euclidean distances of the
 * pooled sample, diagonal excluded (the median heuristic of the paper's experiments). MMD²_u is unbiased for the
 * population MMD² and can be negative when the distributions are equal.
 *
 * Permutation test: p = (1 + #{b : MMD²_b >= MMD²_obs}) / (1 + B) over B seeded random
 * re-splittings of the pooled sample into sizes n and m. σ depends only on the pooled sample, which a
 * permutation does not change, so one kernel matrix serves the observed split and every permutation.
 *
 * How the B statistics are computed fast: MMD²_u is unchanged when the off-diagonal kernel entries
 * become k_ij + f_i + f_j + c for any f and c (each block average moves by the same amount; the
 * terms cancel). Choosing the U-centring of Székely & Rizzo (2014, "Partial distance correlation with
 * methods for dissimilarities", Ann. Statist. 42(6))
 *   K̃_ij = k_ij - r_i/(N-2) - r_j/(N-2) + T/((N-1)(N-2)) (i ≠ j), K̃_ii = 0,
 * where r_i = Σ_{j≠i} k_ij and T = Σ_i r_i, makes every row of K̃ sum to zero. Then for an indicator
 * s of the source rows the cross block equals -sᵀK̃s and the target block +sᵀK̃s, so
 *   MMD²_u = sᵀK̃s · (1/(n(n-1)) + 1/(m(m-1)) + 2/(nm)),
 * one quadratic form per split with no cancellation between large block sums. With A the N x B
 * indicator matrix (a column per permutation), the forms are the column sums of A ∘ (K̃A): one
 * float32 matmul (`../gemm.ts`) per chunk of columns. The reported MMD²_u itself is summed in float64 from the
 * kernel; the p-value compares the observed split's quadratic form, computed in the same matmul as
 * the permutations, so rounding treats them alike.
 */

import { matmul } from "@/lib/metrics/gemm";
import type { Matrix } from "@/lib/metrics/matrix";
import { summarizeNull } from "@/lib/metrics/stats/permutation";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { pooledSquaredDistances } from "./pairwise";
import { medianInPlace } from "./select";
import { checkPair, intOption } from "./validate";

export interface MmdOptions {
  /** Number of random permutations B (default 1000). */
  permutations?: number;
  /** Seed of the permutation RNG (default 1). */
  seed?: number;
  /** Fixed kernel bandwidth σ > 0 instead of the median heuristic. */
  bandwidth?: number;
  /** Permutations per matmul (default: as many as fit in 16 MB of indicators). */
  chunkSize?: number;
}

export interface MmdResult {
  /** Unbiased MMD² (Gretton et al. 2012, Eq. 3). */
  mmd2: number;
  pValue: number;
  /** Gaussian kernel σ. */
  bandwidth: number;
  bandwidthMethod: "median" | "fixed";
  permutations: number;
  seed: number;
  n: number;
  m: number;
  /** Mean, standard deviation and 95th percentile of the B permutation statistics. */
  nullMean: number;
  nullSd: number;
  nullQuantile95: number;
}

/** Pooled-sample size above which the N x N kernel (4 N² bytes, twice) is refused. */
export const MMD_MAX_POOLED = 8000;

/** Median of the off-diagonal pairwise distances, from the N x N squared-distance matrix. */
export function medianBandwidth(d2: Float32Array, total: number): number {
  const dist = new Float64Array((total * (total - 1)) / 2);
  let k = 0;
  for (let i = 0; i < total; i++) {
    const row = i * total;
    for (let j = i + 1; j < total; j++) dist[k++] = Math.sqrt(d2[row + j]!);
  }
  return medianInPlace(dist);
}

/**
 * The unbiased MMD² from a full kernel matrix (N x N, source rows 0..n-1 first), summed in float64.
 * Exported for tests; `mmdTest` does the same sums inside its kernel pass.
 */
export function mmd2FromKernel(kernel: ArrayLike<number>, total: number, n: number): number {
  const m = total - n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < total; j++) {
      if (i === j) continue;
      const v = kernel[i * total + j]!;
      if (i < n && j < n) sxx += v;
      else if (i >= n && j >= n) syy += v;
      else sxy += v;
    }
  }
  // sxy counts each cross pair twice (i in source, j in target and the reverse).
  return sxx / (n * (n - 1)) + syy / (m * (m - 1)) - sxy / (n * m);
}

/** Unbiased MMD² with a Gaussian kernel and its permutation p-value. */
export async function mmdTest(source: Matrix, target: Matrix, opts: MmdOptions = {}): Promise<MmdResult> {
  checkPair(source, target, "mmdTest");
  const B = intOption(opts.permutations, 1000, "mmdTest: permutations", 1);
  const seed = intOption(opts.seed, 1, "mmdTest: seed", 0);
  const n = source.rows;
  const m = target.rows;
  const total = n + m;
  if (total > MMD_MAX_POOLED) {
    throw new Error(`mmdTest: pooled sample of ${total} rows exceeds ${MMD_MAX_POOLED}; subsample first`);
  }
  if (opts.bandwidth !== undefined && !(opts.bandwidth > 0 && Number.isFinite(opts.bandwidth))) {
    throw new Error(`mmdTest: bandwidth must be a positive number, got ${opts.bandwidth}`);
  }
  const d2 = await pooledSquaredDistances(source, target);
  const bandwidth = opts.bandwidth ?? medianBandwidth(d2, total);
  if (!(bandwidth > 0)) {
    throw new Error(
      "mmdTest: bandwidth: the median pairwise distance is 0 (at least half the pooled pairs are identical rows)",
    );
  }

  // Kernel pass: overwrite d2 with k_ij (diagonal 0), and accumulate row sums and block sums in float64.
  const gamma = 1 / (2 * bandwidth * bandwidth);
  const kernel = d2;
  const rowSum = new Float64Array(total);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < total; i++) {
    const row = i * total;
    let r = 0;
    for (let j = 0; j < total; j++) {
      if (j === i) continue;
      const v = Math.exp(-gamma * kernel[row + j]!);
      kernel[row + j] = v;
      r += v;
      if (i < n === j < n) {
        if (i < n) sxx += v;
        else syy += v;
      } else {
        sxy += v;
      }
    }
    rowSum[i] = r;
  }
  const mmd2 = sxx / (n * (n - 1)) + syy / (m * (m - 1)) - sxy / (n * m);

  // U-centre in place (see the header): rows of the result sum to zero.
  let grand = 0;
  for (let i = 0; i < total; i++) grand += rowSum[i]!;
  const c0 = grand / ((total - 1) * (total - 2));
  const scaled = new Float64Array(total);
  for (let i = 0; i < total; i++) scaled[i] = rowSum[i]! / (total - 2);
  let maxAbs = 0;
  for (let i = 0; i < total; i++) {
    const row = i * total;
    const si = scaled[i]!;
    for (let j = 0; j < total; j++) {
      const v = j === i ? 0 : kernel[row + j]! - si - scaled[j]! + c0;
      kernel[row + j] = v;
      if (Math.abs(v) > maxAbs) maxAbs = Math.abs(v);
    }
  }

  const quadratic = await splitQuadraticForms(kernel, total, n, B, seed, opts.chunkSize);
  const factor = 1 / (n * (n - 1)) + 1 / (m * (m - 1)) + 2 / (n * m);
  const observed = quadratic[0]!;
  // Splits that tie with the observed one in exact arithmetic (e.g. its complement when n = m) differ
  // from it only by float32 rounding, about n * 2^-24 * max|K̃|; they must count as ">=" or rounding
  // would decide them at random and make the test anti-conservative. The allowance is 100x that
  // rounding and far below the spread of the null (of order n * rms K̃).
  const tieTolerance = 1e-5 * n * maxAbs;
  let exceed = 0;
  const nullStats = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const q = quadratic[b + 1]!;
    if (q >= observed - tieTolerance) exceed++;
    nullStats[b] = q * factor;
  }
  const summary = summarizeNull(nullStats);
  return {
    mmd2,
    pValue: (1 + exceed) / (1 + B),
    bandwidth,
    bandwidthMethod: opts.bandwidth === undefined ? "median" : "fixed",
    permutations: B,
    seed,
    n,
    m,
    nullMean: summary.mean,
    nullSd: summary.sd,
    nullQuantile95: summary.quantile95,
  };
}

/**
 * sᵀK̃s for the observed split (entry 0: rows 0..n-1) and B seeded random splits (entries 1..B).
 * The source set of split b is the first n entries of a random permutation of 0..N-1.
 */
async function splitQuadraticForms(
  centred: Float32Array,
  total: number,
  n: number,
  B: number,
  seed: number,
  chunkSize: number | undefined,
): Promise<Float64Array> {
  const columns = B + 1;
  const chunk = Math.min(columns, chunkSize ?? Math.max(1, Math.floor(4_194_304 / total)));
  if (!Number.isInteger(chunk) || chunk < 1)
    throw new Error(`mmdTest: chunkSize must be >= 1, got ${chunkSize}`);
  const rng = createRng(seed);
  const out = new Float64Array(columns);
  for (let start = 0; start < columns; start += chunk) {
    const width = Math.min(chunk, columns - start);
    const members = new Int32Array(width * n);
    const indicator = new Float32Array(total * width);
    for (let c = 0; c < width; c++) {
      if (start + c === 0) {
        for (let i = 0; i < n; i++) members[i] = i;
      } else {
        members.set(permutation(total, rng).subarray(0, n), c * n);
      }
      for (let i = 0; i < n; i++) indicator[members[c * n + i]! * width + c] = 1;
    }
    const values = await matmul(centred, indicator, total, total, width);
    for (let c = 0; c < width; c++) {
      let q = 0;
      for (let i = 0; i < n; i++) q += values[members[c * n + i]! * width + c]!;
      out[start + c] = q;
    }
  }
  return out;
}
