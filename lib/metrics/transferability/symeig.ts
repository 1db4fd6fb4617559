/**
 * Symmetric eigenproblems without forming all eigenvectors, which is what makes LogME, H-score,
 * TransRate and PCA affordable at d = 1280 in plain JS (a full eigendecomposition with ml-matrix
 * takes about a minute at that size; this takes a few seconds).
 *
 * 1. Householder tridiagonalisation A = Q T Q^T (Golub & Van Loan, Matrix Computations, 4th ed.,
 *    Algorithm 8.3.1; blocked, in stats/linalg.ts): about (2/3) n^3 multiply-adds.
 * 2. Implicit QL with Wilkinson shifts on T (EISPACK tql2, as in JAMA), which applies a sequence of
 *    plane rotations whose product S holds T's eigenvectors. Instead of accumulating S (n^3 work),
 *    the rotations are applied to a few row vectors w^T, giving w^T S directly. With w = Q^T b this
 *    yields the coordinates u_j^T b of any vector b on every eigenvector u_j = Q s_j of A.
 * 3. Eigenvectors for a few selected eigenvalues (PCA) by inverse iteration on T with a pivoted
 *    tridiagonal LU (LAPACK dgttrf/dgttrs), re-orthogonalised against the ones already found, then
 *    mapped back through Q.
 */

import { tridiagonalize as blockedTridiagonalize } from "@/lib/metrics/stats/linalg";

export interface Tridiagonal {
  n: number;
  /** Diagonal of T. */
  diag: Float64Array;
  /** Sub-diagonal of T: off[i] = T[i + 1, i], i = 0..n-2. */
  off: Float64Array;
  /** Householder vectors, row k holds v_k (unit length, zero before index k + 1), H_k = I - 2 v_k v_k^T. */
  reflectors: Float64Array;
  /** Which reflectors are the identity (the column was already reduced). */
  skip: Uint8Array;
}

/**
 * Reduce a symmetric n x n matrix (row-major, full storage, only the lower triangle is read; not
 * modified) with the blocked Householder reduction of `stats/linalg.ts` (LAPACK dsytrd's scheme,
 * about 4x faster here than the unblocked loop this module used to carry), and store its reflectors
 * H_k = I - beta v vᵀ as the unit vectors u = v sqrt(beta / 2), H_k = I - 2 u uᵀ (beta = 2 / vᵀv for
 * a Householder vector).
 */
export function tridiagonalize(A: Float64Array, n: number): Tridiagonal {
  if (A.length !== n * n) throw new Error(`tridiagonalize: ${A.length} values for a ${n} x ${n} matrix`);
  const t = blockedTridiagonalize(A, n, true);
  const V = new Float64Array(n * n);
  const skip = new Uint8Array(n);
  t.reflectors!.forEach(({ v, beta }, k) => {
    if (beta === 0) {
      skip[k] = 1;
      return;
    }
    const scale = Math.sqrt(beta / 2);
    for (let i = 0; i < v.length; i++) V[k * n + k + 1 + i] = v[i]! * scale;
  });
  if (n >= 2) skip[n - 2] = 1;
  if (n >= 1) skip[n - 1] = 1;
  return { n, diag: t.diag, off: t.off.slice(0, Math.max(n - 1, 0)), reflectors: V, skip };
}

/** w <- Q^T w = H_{n-3} ... H_0 w, in place. */
export function applyQt(t: Tridiagonal, w: Float64Array): void {
  const { n, reflectors: V, skip } = t;
  for (let k = 0; k + 2 < n; k++) {
    if (skip[k]) continue;
    const vo = k * n;
    let s = 0;
    for (let i = k + 1; i < n; i++) s += V[vo + i]! * w[i]!;
    s *= 2;
    for (let i = k + 1; i < n; i++) w[i]! -= s * V[vo + i]!;
  }
}

/** w <- Q w = H_0 ... H_{n-3} w, in place. */
export function applyQ(t: Tridiagonal, w: Float64Array): void {
  const { n, reflectors: V, skip } = t;
  for (let k = n - 3; k >= 0; k--) {
    if (skip[k]) continue;
    const vo = k * n;
    let s = 0;
    for (let i = k + 1; i < n; i++) s += V[vo + i]! * w[i]!;
    s *= 2;
    for (let i = k + 1; i < n; i++) w[i]! -= s * V[vo + i]!;
  }
}

/**
 * Eigenvalues of the tridiagonal T (ascending) and, for each row vector r in `rows` (each of
 * length n, overwritten), r^T S with S the eigenvectors of T in the same order.
 */
export function tridiagonalEigen(
  diagIn: Float64Array,
  offIn: Float64Array,
  rows: Float64Array[] = [],
): { values: Float64Array; rows: Float64Array[] } {
  const n = diagIn.length;
  const d = Float64Array.from(diagIn);
  const e = new Float64Array(n);
  e.set(offIn.subarray(0, Math.max(n - 1, 0)));
  const eps = 2 ** -52;
  let f = 0;
  let tst1 = 0;
  let totalIter = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]!) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        if (++totalIter > 60 * n) throw new Error("tridiagonalEigen: QL iteration did not converge");
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
          for (const row of rows) {
            const hh = row[i + 1]!;
            row[i + 1] = s * row[i]! + c * hh;
            row[i] = c * row[i]! - s * hh;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  // Sort ascending, permuting the tracked coordinates alongside.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => d[a]! - d[b]! || a - b);
  const values = Float64Array.from(order, (i) => d[i]!);
  const sorted = rows.map((row) => Float64Array.from(order, (i) => row[i]!));
  return { values, rows: sorted };
}

export interface SpectralProjection {
  /** Eigenvalues of A, ascending. */
  values: Float64Array;
  /** projections[c][j] = u_j^T b_c for the eigenvector u_j of values[j]. */
  projections: Float64Array[];
  /** The reduction, for eigenvectors() below. */
  tri: Tridiagonal;
}

/**
 * Eigenvalues of a symmetric matrix and the coordinates of the given vectors on its eigenvectors.
 * `A` (n x n row-major, lower triangle read) is overwritten.
 */
export function spectralProjection(
  A: Float64Array,
  n: number,
  vectors: Float64Array[] = [],
): SpectralProjection {
  for (const [c, b] of vectors.entries()) {
    if (b.length !== n)
      throw new Error(`spectralProjection vectors[${c}]: length ${b.length}, expected ${n}`);
  }
  const tri = tridiagonalize(A, n);
  const rows = vectors.map((b) => {
    const w = Float64Array.from(b);
    applyQt(tri, w);
    return w;
  });
  const { values, rows: projections } = tridiagonalEigen(tri.diag, tri.off, rows);
  return { values, projections, tri };
}

/** Solve (T - shift I) x = b in place by LU with partial pivoting; zero pivots are nudged to `tiny`. */
function solveShiftedTridiagonal(t: Tridiagonal, shift: number, b: Float64Array, tiny: number): void {
  const n = t.n;
  const d = new Float64Array(n);
  const dl = new Float64Array(Math.max(n - 1, 0));
  const du = new Float64Array(Math.max(n - 1, 0));
  const du2 = new Float64Array(Math.max(n - 2, 0));
  const swapped = new Uint8Array(n);
  for (let i = 0; i < n; i++) d[i] = t.diag[i]! - shift;
  for (let i = 0; i + 1 < n; i++) {
    dl[i] = t.off[i]!;
    du[i] = t.off[i]!;
  }
  for (let i = 0; i + 1 < n; i++) {
    if (Math.abs(d[i]!) >= Math.abs(dl[i]!)) {
      if (d[i] === 0) d[i] = tiny;
      const fact = dl[i]! / d[i]!;
      dl[i] = fact;
      d[i + 1]! -= fact * du[i]!;
    } else {
      const fact = d[i]! / dl[i]!;
      d[i] = dl[i]!;
      dl[i] = fact;
      const temp = du[i]!;
      du[i] = d[i + 1]!;
      d[i + 1] = temp - fact * d[i + 1]!;
      if (i + 2 < n) {
        du2[i] = du[i + 1]!;
        du[i + 1] = -fact * du[i + 1]!;
      }
      swapped[i] = 1;
    }
  }
  if (n > 0 && d[n - 1] === 0) d[n - 1] = tiny;
  for (let i = 0; i + 1 < n; i++) {
    if (!swapped[i]) b[i + 1]! -= dl[i]! * b[i]!;
    else {
      const temp = b[i]!;
      b[i] = b[i + 1]!;
      b[i + 1] = temp - dl[i]! * b[i]!;
    }
  }
  b[n - 1]! /= d[n - 1]!;
  if (n >= 2) b[n - 2] = (b[n - 2]! - du[n - 2]! * b[n - 1]!) / d[n - 2]!;
  for (let i = n - 3; i >= 0; i--) b[i] = (b[i]! - du[i]! * b[i + 1]! - du2[i]! * b[i + 2]!) / d[i]!;
}

/**
 * Unit eigenvectors of A = Q T Q^T for the given eigenvalues (from spectralProjection), by inverse
 * iteration on T. Each is orthogonalised against the previous ones so that close or repeated
 * eigenvalues still yield an orthonormal set. The sign of each vector is arbitrary.
 */
export function eigenvectors(tri: Tridiagonal, values: ArrayLike<number>): Float64Array[] {
  const n = tri.n;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    norm = Math.max(norm, Math.abs(tri.diag[i]!) + Math.abs(tri.off[i] ?? 0) + Math.abs(tri.off[i - 1] ?? 0));
  }
  const tiny = Math.max(norm, Number.MIN_VALUE) * 2 ** -52;
  const found: Float64Array[] = [];
  for (let j = 0; j < values.length; j++) {
    // A deterministic, generic starting vector (not orthogonal to any eigenvector in practice).
    const x = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919 + j * 104729) % 997) / 997);
    const lambda = values[j]!;
    for (let it = 0; it < 4; it++) {
      solveShiftedTridiagonal(tri, lambda, x, tiny);
      for (const u of found) {
        let s = 0;
        for (let i = 0; i < n; i++) s += u[i]! * x[i]!;
        for (let i = 0; i < n; i++) x[i]! -= s * u[i]!;
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i]! * x[i]!;
      const inv = 1 / Math.sqrt(s);
      for (let i = 0; i < n; i++) x[i]! *= inv;
    }
    found.push(x);
  }
  return found.map((s) => {
    const u = Float64Array.from(s);
    applyQ(tri, u);
    return u;
  });
}
