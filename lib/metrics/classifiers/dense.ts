/**
 * Dense float64 kernels on row-major arrays, shared by the classifiers and the transferability
 * metrics. Pure JS: the classifier contract is synchronous, and TF.js computes in float32.
 *
 * The one hot kernel is `crossDot` (C = A B^T, every entry a dot product of two contiguous rows),
 * register-blocked 4 x 2 so each loaded value feeds several multiply-adds; on this machine it runs
 * at roughly 0.7 G multiply-adds per second, about twice a naive triple loop.
 */

/** A float64 copy of a matrix's data (metrics never write into the caller's array). */
import { gram64 } from "@/lib/metrics/gemm";
import type { Matrix } from "@/lib/metrics/matrix";

export function toFloat64(m: Matrix): Float64Array {
  return Float64Array.from(m.data);
}

function dot(a: Float64Array, oa: number, b: Float64Array, ob: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < d; k += 2) {
    s0 += a[oa + k]! * b[ob + k]!;
    s1 += a[oa + k + 1]! * b[ob + k + 1]!;
  }
  if (k < d) s0 += a[oa + k]! * b[ob + k]!;
  return s0 + s1;
}

/**
 * out[i * nB + j] = sum_k A[i, k] * B[j, k] for A (nA x d) and B (nB x d), both row-major:
 * out = A B^T, nA x nB.
 */
export function crossDot(
  A: Float64Array,
  nA: number,
  B: Float64Array,
  nB: number,
  d: number,
  out: Float64Array = new Float64Array(nA * nB),
): Float64Array {
  let i = 0;
  for (; i + 3 < nA; i += 4) {
    const a0 = i * d;
    const a1 = a0 + d;
    const a2 = a1 + d;
    const a3 = a2 + d;
    let j = 0;
    for (; j + 1 < nB; j += 2) {
      const b0 = j * d;
      const b1 = b0 + d;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      let s20 = 0;
      let s21 = 0;
      let s30 = 0;
      let s31 = 0;
      for (let k = 0; k < d; k++) {
        const y0 = B[b0 + k]!;
        const y1 = B[b1 + k]!;
        const x0 = A[a0 + k]!;
        const x1 = A[a1 + k]!;
        const x2 = A[a2 + k]!;
        const x3 = A[a3 + k]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s30 += x3 * y0;
        s31 += x3 * y1;
      }
      out[i * nB + j] = s00;
      out[i * nB + j + 1] = s01;
      out[(i + 1) * nB + j] = s10;
      out[(i + 1) * nB + j + 1] = s11;
      out[(i + 2) * nB + j] = s20;
      out[(i + 2) * nB + j + 1] = s21;
      out[(i + 3) * nB + j] = s30;
      out[(i + 3) * nB + j + 1] = s31;
    }
    // Odd last column of B (or the whole of a matrix-vector product): 4 rows against one.
    for (; j < nB; j++) {
      const b0 = j * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < d; k++) {
        const y0 = B[b0 + k]!;
        s0 += A[a0 + k]! * y0;
        s1 += A[a1 + k]! * y0;
        s2 += A[a2 + k]! * y0;
        s3 += A[a3 + k]! * y0;
      }
      out[i * nB + j] = s0;
      out[(i + 1) * nB + j] = s1;
      out[(i + 2) * nB + j] = s2;
      out[(i + 3) * nB + j] = s3;
    }
  }
  for (; i < nA; i++) {
    for (let j = 0; j < nB; j++) out[i * nB + j] = dot(A, i * d, B, j * d, d);
  }
  return out;
}

/**
 * The symmetric Gram matrix of the rows, G = A A^T (n x n), computing only the lower block
 * triangle and mirroring it.
 */
export function gramRows(A: Float64Array, n: number, d: number): Float64Array {
  const G = new Float64Array(n * n);
  const set = (i: number, j: number, s: number) => {
    G[i * n + j] = s;
    G[j * n + i] = s;
  };
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a0 = i * d;
    const a1 = a0 + d;
    const a2 = a1 + d;
    const a3 = a2 + d;
    let j = 0;
    for (; j + 1 < i; j += 2) {
      const b0 = j * d;
      const b1 = b0 + d;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      let s20 = 0;
      let s21 = 0;
      let s30 = 0;
      let s31 = 0;
      for (let k = 0; k < d; k++) {
        const y0 = A[b0 + k]!;
        const y1 = A[b1 + k]!;
        const x0 = A[a0 + k]!;
        const x1 = A[a1 + k]!;
        const x2 = A[a2 + k]!;
        const x3 = A[a3 + k]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s30 += x3 * y0;
        s31 += x3 * y1;
      }
      set(i, j, s00);
      set(i, j + 1, s01);
      set(i + 1, j, s10);
      set(i + 1, j + 1, s11);
      set(i + 2, j, s20);
      set(i + 2, j + 1, s21);
      set(i + 3, j, s30);
      set(i + 3, j + 1, s31);
    }
    // The 4 x 4 diagonal block (j == i after the loop, since i is a multiple of 4).
    for (let ii = i; ii < i + 4; ii++) {
      for (let jj = j; jj <= ii; jj++) set(ii, jj, dot(A, ii * d, A, jj * d, d));
    }
  }
  for (; i < n; i++) {
    for (let j = 0; j <= i; j++) set(i, j, dot(A, i * d, A, j * d, d));
  }
  return G;
}

/** Row-major transpose: A (n x d) to A^T (d x n). */
export function transpose(A: Float64Array, n: number, d: number): Float64Array {
  const T = new Float64Array(n * d);
  // Tiled so both the reads and the writes stay within a few cache lines.
  const tile = 32;
  for (let i0 = 0; i0 < n; i0 += tile) {
    const i1 = Math.min(n, i0 + tile);
    for (let j0 = 0; j0 < d; j0 += tile) {
      const j1 = Math.min(d, j0 + tile);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) T[j * n + i] = A[i * d + j]!;
      }
    }
  }
  return T;
}

/** Column means of a row-major n x d array. */
export function columnMeans(A: ArrayLike<number>, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mean[j]! += A[o + j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= n;
  return mean;
}

/** Subtract the column means in place and return them. */
export function centerColumns(A: Float64Array, n: number, d: number): Float64Array {
  const mean = columnMeans(A, n, d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) A[o + j]! -= mean[j]!;
  }
  return mean;
}

/** Copy selected rows of a row-major float64 array. */
export function takeRows64(A: Float64Array, d: number, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length * d);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    out.set(A.subarray(i * d, (i + 1) * d), k * d);
  }
  return out;
}

/**
 * `gramRows` with the product on ONNX Runtime's float64 GEMM (`@/lib/metrics/gemm`), about 10x the
 * JavaScript loop here, falling back to the loop. `AT`: A's transpose, when the caller has it.
 */
export function gramRowsFast(
  A: Float64Array,
  n: number,
  d: number,
  AT: Float64Array = transpose(A, n, d),
): Promise<Float64Array> {
  return gram64(A, AT, n, d, () => gramRows(A, n, d));
}
