/**
 * Dense float64 linear algebra for the shift metrics: covariance, symmetric eigenvalues, top
 * eigenvectors, pivoted Cholesky. All matrices are row-major `Float64Array`s with explicit sizes.
 *
 * Why not ml-matrix for the heavy parts: its `EigenvalueDecomposition` (JAMA tred2/tql2, always
 * with eigenvectors) took 40 s and its `mmul` 17 s on a 1280 x 1280 covariance on this machine,
 * far beyond the few-second budget of a 1280-d embedding audit. The routines here are the same
 * textbook algorithms (Golub & Van Loan, "Matrix Computations", 4th ed.: Householder
 * tridiagonalisation Alg. 8.3.1, implicit QL as in EISPACK tql1, inverse iteration §8.2.2, pivoted
 * Cholesky as LAPACK dpstf2), on flat arrays with cache-friendly loops and without eigenvectors
 * where none are needed. ml-matrix remains the independent reference in the tests and solves the
 * small Rayleigh-sized problems.
 */
import { gram64 } from "@/lib/metrics/gemm";

const EPS = Number.EPSILON;

/**
 * out (p x q) = A Bᵀ where A is p x len and B is q x len, both row-major: out[i][j] = row_i(A) · row_j(B).
 * `upper`: A and B describe a symmetric product, so only blocks with j >= i are computed and the
 * lower triangle is mirrored. `start(i0, j0)`: the first index of the dot products of the block at
 * rows i0.., j0.. (callers pass it when the leading entries are known zeros, e.g. triangular factors).
 * Blocked 2 x 4 so that 8 accumulators stay in registers: about 1 GMAC/s in V8.
 */
export function dotRows(
  a: Float64Array,
  p: number,
  b: Float64Array,
  q: number,
  len: number,
  opts: { upper?: boolean; start?: (i0: number, j0: number) => number } = {},
): Float64Array {
  const out = new Float64Array(p * q);
  const upper = opts.upper ?? false;
  const start = opts.start;
  for (let i = 0; i < p; i += 2) {
    const two = i + 1 < p;
    const a0 = i * len;
    const a1 = two ? a0 + len : a0;
    let j = upper ? i - (i % 4) : 0;
    for (; j + 3 < q; j += 4) {
      const k0 = start ? start(i, j) : 0;
      const b0 = j * len;
      const b1 = b0 + len;
      const b2 = b1 + len;
      const b3 = b2 + len;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let k = k0; k < len; k++) {
        const x0 = a[a0 + k]!;
        const x1 = a[a1 + k]!;
        const y0 = b[b0 + k]!;
        const y1 = b[b1 + k]!;
        const y2 = b[b2 + k]!;
        const y3 = b[b3 + k]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      const o = i * q + j;
      out[o] = s00;
      out[o + 1] = s01;
      out[o + 2] = s02;
      out[o + 3] = s03;
      if (two) {
        out[o + q] = s10;
        out[o + q + 1] = s11;
        out[o + q + 2] = s12;
        out[o + q + 3] = s13;
      }
    }
    for (; j < q; j++) {
      const k0 = start ? start(i, j) : 0;
      const bj = j * len;
      let s0 = 0;
      let s1 = 0;
      for (let k = k0; k < len; k++) {
        s0 += a[a0 + k]! * b[bj + k]!;
        s1 += a[a1 + k]! * b[bj + k]!;
      }
      out[i * q + j] = s0;
      if (two) out[(i + 1) * q + j] = s1;
    }
  }
  if (upper) {
    for (let i = 0; i < p; i++) for (let j = i + 1; j < q; j++) out[j * q + i] = out[i * q + j]!;
  }
  return out;
}

/** A Gaussian fitted to the rows of a sample: mean and unbiased covariance (divides by n - 1). */
export interface GaussianFit {
  readonly n: number;
  readonly d: number;
  readonly mean: Float64Array;
  /** d x d row-major. */
  readonly cov: Float64Array;
}

/**
 * Column means, and the columns centred and transposed (d x n, float64) so that each feature is
 * contiguous: the layout `dotRows` wants for XᵀX.
 */
export function centeredColumns(
  data: ArrayLike<number>,
  n: number,
  d: number,
): { mean: Float64Array; t: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const t = new Float64Array(d * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) t[j * n + i] = data[i * d + j]! - mean[j]!;
  return { mean, t };
}

/**
 * `meanAndCovariance` with the d x d product on ONNX Runtime's float64 GEMM (`../gemm.ts`, about 10x
 * the JavaScript loop here), falling back to the loop. Same sums in float64; only their order differs.
 */
export async function meanAndCovarianceFast(
  data: ArrayLike<number>,
  n: number,
  d: number,
): Promise<GaussianFit> {
  if (n < 2) throw new Error(`meanAndCovariance: need at least 2 rows, got ${n}`);
  const { mean, t } = centeredColumns(data, n, d);
  // tᵀ is the centred data row-major (n x d): cov = t tᵀ.
  const rows = new Float64Array(n * d);
  for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) rows[i * d + j] = t[j * n + i]!;
  const cov = await gram64(t, rows, d, n, () => dotRows(t, d, t, d, n, { upper: true }));
  const inv = 1 / (n - 1);
  for (let k = 0; k < cov.length; k++) cov[k]! *= inv;
  return { n, d, mean, cov };
}

/** Mean and unbiased covariance C = (X - 1μᵀ)ᵀ(X - 1μᵀ) / (n - 1), computed in float64. */
export function meanAndCovariance(data: ArrayLike<number>, n: number, d: number): GaussianFit {
  if (n < 2) throw new Error(`meanAndCovariance: need at least 2 rows, got ${n}`);
  const { mean, t } = centeredColumns(data, n, d);
  const cov = dotRows(t, d, t, d, n, { upper: true });
  const inv = 1 / (n - 1);
  for (let k = 0; k < cov.length; k++) cov[k]! *= inv;
  return { n, d, mean, cov };
}

/** Result of Householder tridiagonalisation QᵀAQ = T. */
export interface Tridiagonal {
  /** Diagonal of T (length d). */
  diag: Float64Array;
  /** Sub-diagonal of T: off[k] = T[k+1][k] (length d, last entry 0). */
  off: Float64Array;
  /** Reflectors H_k = I - beta_k v_k v_kᵀ acting on indices k+1..d-1, Q = H_0 H_1 ... (only if asked). */
  reflectors?: { v: Float64Array; beta: number }[];
}

/** Panel width of the blocked tridiagonalisation. */
const NB = 32;

/**
 * s[i][j] -= Σ_t vw[i][t] · wv[j][t] for from <= j <= i < d (lower triangle of the trailing block),
 * where row i of vw is [V_i, W_i] and row j of wv is [W_j, V_j]: the symmetric rank-2 NB update
 * S - V Wᵀ - W Vᵀ of a finished panel, blocked 2 x 4 like `dotRows`.
 */
function panelUpdate(
  s: Float64Array,
  d: number,
  from: number,
  vw: Float64Array,
  wv: Float64Array,
  len: number,
): void {
  for (let i = from; i < d; i += 2) {
    const two = i + 1 < d;
    const a0 = i * len;
    const a1 = two ? a0 + len : a0;
    for (let j = from; j <= i + 1 && j < d; j += 4) {
      const cols = Math.min(4, d - j);
      const b0 = j * len;
      const b1 = cols > 1 ? b0 + len : b0;
      const b2 = cols > 2 ? b1 + len : b0;
      const b3 = cols > 3 ? b2 + len : b0;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let t = 0; t < len; t++) {
        const x0 = vw[a0 + t]!;
        const x1 = vw[a1 + t]!;
        const y0 = wv[b0 + t]!;
        const y1 = wv[b1 + t]!;
        const y2 = wv[b2 + t]!;
        const y3 = wv[b3 + t]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      const r0 = i * d + j;
      const sums0 = [s00, s01, s02, s03];
      const sums1 = [s10, s11, s12, s13];
      for (let c = 0; c < cols; c++) {
        if (j + c <= i) s[r0 + c]! -= sums0[c]!;
        if (two && j + c <= i + 1) s[r0 + d + c]! -= sums1[c]!;
      }
    }
  }
}

/**
 * Householder reduction of a symmetric matrix to tridiagonal form QᵀAQ = T (Golub & Van Loan
 * Alg. 8.3.1): for column k, v reflects A[k+1:, k] onto a multiple of e_1; with p = beta S v and
 * w = p - (beta pᵀv / 2) v, the trailing block becomes S - v wᵀ - w vᵀ. Blocked as LAPACK
 * dsytrd/dlatrd: within a panel of NB columns the updates are kept as V and W and applied on the
 * fly (column k is brought up to date before its reflector is formed, and S v is corrected by
 * V(Wᵀv) + W(Vᵀv)); the trailing block gets one rank-2NB update per panel. This halves the passes
 * over the d x d matrix and puts half the 2/3 d³ multiply-adds in a register-blocked kernel. Only
 * the lower triangle is read and written; the input is not modified.
 */
export function tridiagonalize(a: Float64Array, d: number, keepReflectors = false): Tridiagonal {
  const s = Float64Array.from(a);
  const diag = new Float64Array(d);
  const off = new Float64Array(d);
  const reflectors: { v: Float64Array; beta: number }[] = [];
  const len = 2 * NB;
  const vw = new Float64Array(d * len); // row i: [V_i,0..NB-1, W_i,0..NB-1]
  const wv = new Float64Array(d * len); // row i: [W_i,0..NB-1, V_i,0..NB-1]
  const p = new Float64Array(d);
  const y1 = new Float64Array(NB);
  const y2 = new Float64Array(NB);
  for (let k0 = 0; k0 < d - 2; k0 += NB) {
    const k1 = Math.min(k0 + NB, d - 2);
    vw.fill(0, k0 * len);
    wv.fill(0, k0 * len);
    for (let k = k0; k < k1; k++) {
      const jj = k - k0;
      // Bring column k (rows k..d-1) up to date with the panel's earlier reflectors.
      if (jj > 0) {
        const rk = k * len;
        for (let i = k; i < d; i++) {
          const ri = i * len;
          let c = 0;
          for (let t = 0; t < jj; t++) c += vw[ri + t]! * wv[rk + t]! + vw[ri + NB + t]! * wv[rk + NB + t]!;
          s[i * d + k]! -= c;
        }
      }
      diag[k] = s[k * d + k]!;
      const m = d - k - 1;
      const v = new Float64Array(m);
      let sigma2 = 0;
      for (let i = 0; i < m; i++) {
        const x = s[(k + 1 + i) * d + k]!;
        v[i] = x;
        sigma2 += x * x;
      }
      const sigma = Math.sqrt(sigma2);
      if (sigma === 0) {
        off[k] = 0;
        if (keepReflectors) reflectors.push({ v, beta: 0 });
        continue;
      }
      const x0 = v[0]!;
      const alpha = x0 >= 0 ? -sigma : sigma;
      v[0] = x0 - alpha;
      const beta = 1 / (sigma * (sigma + Math.abs(x0)));
      off[k] = alpha;
      // p = S_stale v over the lower triangle of the trailing block, four rows per pass so that the
      // loads of v and the read-modify-write of p are shared and four accumulators run in parallel.
      p.fill(0, 0, m);
      let i0 = 0;
      for (; i0 + 3 < m; i0 += 4) {
        const ra = (k + 1 + i0) * d + (k + 1);
        const rb = ra + d;
        const rc = rb + d;
        const rd = rc + d;
        const va = v[i0]!;
        const vb = v[i0 + 1]!;
        const vc = v[i0 + 2]!;
        const vd = v[i0 + 3]!;
        let acca = 0;
        let accb = 0;
        let accc = 0;
        let accd = 0;
        for (let j = 0; j < i0; j++) {
          const sa = s[ra + j]!;
          const sb = s[rb + j]!;
          const sc = s[rc + j]!;
          const sd = s[rd + j]!;
          const vj = v[j]!;
          acca += sa * vj;
          accb += sb * vj;
          accc += sc * vj;
          accd += sd * vj;
          p[j]! += sa * va + sb * vb + sc * vc + sd * vd;
        }
        // The 4 x 4 diagonal block, symmetric, from its lower triangle.
        for (let a = 0; a < 4; a++) {
          const ra2 = ra + a * d;
          let acc = a === 0 ? acca : a === 1 ? accb : a === 2 ? accc : accd;
          for (let b = 0; b < 4; b++) {
            const sab = b <= a ? s[ra2 + i0 + b]! : s[ra + b * d + i0 + a]!;
            acc += sab * v[i0 + b]!;
          }
          p[i0 + a]! += acc;
        }
      }
      for (; i0 < m; i0++) {
        const row = (k + 1 + i0) * d + (k + 1);
        const vi = v[i0]!;
        let acc = 0;
        for (let j = 0; j < i0; j++) {
          const sij = s[row + j]!;
          acc += sij * v[j]!;
          p[j]! += sij * vi;
        }
        p[i0]! += acc + s[row + i0]! * vi;
      }
      // Correct for the panel's pending updates: p -= V (Wᵀ v) + W (Vᵀ v).
      if (jj > 0) {
        y1.fill(0);
        y2.fill(0);
        for (let i = 0; i < m; i++) {
          const ri = (k + 1 + i) * len;
          const vi = v[i]!;
          for (let t = 0; t < jj; t++) {
            y1[t]! += wv[ri + t]! * vi;
            y2[t]! += vw[ri + t]! * vi;
          }
        }
        for (let i = 0; i < m; i++) {
          const ri = (k + 1 + i) * len;
          let c = 0;
          for (let t = 0; t < jj; t++) c += vw[ri + t]! * y1[t]! + wv[ri + t]! * y2[t]!;
          p[i]! -= c;
        }
      }
      let pv = 0;
      for (let i = 0; i < m; i++) {
        p[i]! *= beta;
        pv += p[i]! * v[i]!;
      }
      const kk = (beta * pv) / 2;
      for (let i = 0; i < m; i++) {
        const w = p[i]! - kk * v[i]!;
        const ri = (k + 1 + i) * len;
        vw[ri + jj] = v[i]!;
        vw[ri + NB + jj] = w;
        wv[ri + jj] = w;
        wv[ri + NB + jj] = v[i]!;
      }
      if (keepReflectors) reflectors.push({ v, beta });
    }
    panelUpdate(s, d, k1, vw, wv, len);
  }
  if (d >= 2) {
    diag[d - 2] = s[(d - 2) * d + (d - 2)]!;
    off[d - 2] = s[(d - 1) * d + (d - 2)]!;
  }
  if (d >= 1) diag[d - 1] = s[(d - 1) * d + (d - 1)]!;
  return keepReflectors ? { diag, off, reflectors } : { diag, off };
}

/**
 * Eigenvalues of a symmetric tridiagonal matrix by the implicit QL method with Wilkinson-type
 * shifts (EISPACK tql1; the JAMA tql2 loop without the eigenvector update). Returned in
 * descending order.
 */
export function tridiagonalEigenvalues(diag: Float64Array, off: Float64Array): Float64Array {
  const n = diag.length;
  const d = Float64Array.from(diag);
  const e = new Float64Array(n);
  e.set(off.subarray(0, n));
  if (n > 0) e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]!) > EPS * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error(`tridiagonalEigenvalues: QL did not converge at index ${l}`);
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
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > EPS * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  return d.sort().reverse();
}

/** All eigenvalues of a symmetric d x d matrix, descending. */
export function symmetricEigenvalues(a: Float64Array, d: number): Float64Array {
  const t = tridiagonalize(a, d);
  return tridiagonalEigenvalues(t.diag, t.off);
}

/** ||T||_1 of a symmetric tridiagonal matrix (max absolute column sum): the scale for tolerances. */
function tridiagonalNorm(diag: Float64Array, off: Float64Array): number {
  const n = diag.length;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? Math.abs(off[i - 1]!) : 0;
    const right = i < n - 1 ? Math.abs(off[i]!) : 0;
    norm = Math.max(norm, left + Math.abs(diag[i]!) + right);
  }
  return norm;
}

/**
 * Solve (T - lambda I) x = b in place for a symmetric tridiagonal T, by Gaussian elimination with
 * partial pivoting (LAPACK dgttrf + dgtts2). Zero pivots are replaced by `tiny`, as inverse
 * iteration requires (the near-singularity is what makes it converge).
 */
function shiftedTridiagonalSolve(
  diag: Float64Array,
  off: Float64Array,
  lambda: number,
  tiny: number,
  b: Float64Array,
): void {
  const n = diag.length;
  const dd = new Float64Array(n);
  const dl = new Float64Array(Math.max(n - 1, 0));
  const du = new Float64Array(Math.max(n - 1, 0));
  const du2 = new Float64Array(Math.max(n - 2, 0));
  const swap = new Uint8Array(Math.max(n - 1, 0));
  for (let i = 0; i < n; i++) dd[i] = diag[i]! - lambda;
  for (let i = 0; i < n - 1; i++) {
    dl[i] = off[i]!;
    du[i] = off[i]!;
  }
  for (let i = 0; i < n - 1; i++) {
    if (Math.abs(dd[i]!) >= Math.abs(dl[i]!)) {
      if (dd[i] === 0) dd[i] = tiny;
      const fact = dl[i]! / dd[i]!;
      dl[i] = fact;
      dd[i + 1]! -= fact * du[i]!;
    } else {
      const fact = dd[i]! / dl[i]!;
      dd[i] = dl[i]!;
      dl[i] = fact;
      const temp = du[i]!;
      du[i] = dd[i + 1]!;
      dd[i + 1] = temp - fact * dd[i + 1]!;
      if (i < n - 2) {
        du2[i] = du[i + 1]!;
        du[i + 1] = -fact * du[i + 1]!;
      }
      swap[i] = 1;
    }
  }
  if (n > 0 && dd[n - 1] === 0) dd[n - 1] = tiny;
  for (let i = 0; i < n - 1; i++) {
    if (swap[i] === 0) {
      b[i + 1]! -= dl[i]! * b[i]!;
    } else {
      const temp = b[i]!;
      b[i] = b[i + 1]!;
      b[i + 1] = temp - dl[i]! * b[i]!;
    }
  }
  b[n - 1] = b[n - 1]! / dd[n - 1]!;
  if (n > 1) b[n - 2] = (b[n - 2]! - du[n - 2]! * b[n - 1]!) / dd[n - 2]!;
  for (let i = n - 3; i >= 0; i--) b[i] = (b[i]! - du[i]! * b[i + 1]! - du2[i]! * b[i + 2]!) / dd[i]!;
}

/** Deterministic pseudo-random start vectors for inverse iteration (no seed needed: any start works). */
function startVector(n: number, j: number): Float64Array {
  const v = new Float64Array(n);
  let state = (0x9e3779b9 ^ (j * 0x85ebca6b)) >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    v[i] = state / 4294967296 - 0.5;
  }
  return v;
}

/**
 * The k largest eigenvalues of a symmetric d x d matrix and their unit eigenvectors (rows of
 * `vectors`, k x d). Tridiagonalise once (keeping the reflectors), take all eigenvalues by QL,
 * find each wanted eigenvector of T by inverse iteration with the factorised shifted matrix,
 * Gram-Schmidt against earlier vectors of the same cluster (|lambda_i - lambda_j| <= 1e-3 ||T||,
 * LAPACK dstein's rule, which also nudges coincident eigenvalues apart by 10 eps ||T||), then
 * transform back with the reflectors. Cost: 2/3 d³ + O(k d²), versus about 9 d³ for a full
 * decomposition with vectors.
 */
export function topEigenpairs(
  a: Float64Array,
  d: number,
  k: number,
): { values: Float64Array; vectors: Float64Array } {
  if (k < 1 || k > d) throw new Error(`topEigenpairs: k must be in 1..${d}, got ${k}`);
  const t = tridiagonalize(a, d, true);
  const all = tridiagonalEigenvalues(t.diag, t.off);
  const values = all.slice(0, k);
  const norm = tridiagonalNorm(t.diag, t.off);
  if (norm === 0) {
    // The zero matrix: every vector is an eigenvector; return the first k unit vectors.
    const vectors = new Float64Array(k * d);
    for (let j = 0; j < k; j++) vectors[j * d + j] = 1;
    return { values, vectors };
  }
  const tiny = EPS * norm;
  const ortol = 1e-3 * norm;
  const pertol = 10 * EPS * norm;
  const tVectors: Float64Array[] = [];
  const shifts: number[] = [];
  const tx = new Float64Array(d);
  for (let j = 0; j < k; j++) {
    const lambda = values[j]!;
    let shift = lambda;
    if (j > 0 && shifts[j - 1]! - shift < pertol) shift = shifts[j - 1]! - pertol;
    shifts.push(shift);
    const cluster: Float64Array[] = [];
    for (let i = 0; i < j; i++) if (Math.abs(values[i]! - lambda) <= ortol) cluster.push(tVectors[i]!);
    let x = startVector(d, j);
    let converged = false;
    for (let iter = 0; iter < 10 && !converged; iter++) {
      shiftedTridiagonalSolve(t.diag, t.off, shift, tiny, x);
      for (const u of cluster) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += u[i]! * x[i]!;
        for (let i = 0; i < d; i++) x[i]! -= dot * u[i]!;
      }
      let nrm = 0;
      for (let i = 0; i < d; i++) nrm += x[i]! * x[i]!;
      nrm = Math.sqrt(nrm);
      if (!(nrm > 0) || !Number.isFinite(nrm)) x = startVector(d, j + 7919 * (iter + 1));
      else for (let i = 0; i < d; i++) x[i]! /= nrm;
      // Residual ||T x - lambda x|| decides convergence.
      let res = 0;
      for (let i = 0; i < d; i++) {
        let v = (t.diag[i]! - lambda) * x[i]!;
        if (i > 0) v += t.off[i - 1]! * x[i - 1]!;
        if (i < d - 1) v += t.off[i]! * x[i + 1]!;
        tx[i] = v;
        res += v * v;
      }
      converged = Math.sqrt(res) <= 1e3 * d * EPS * norm && iter >= 1;
    }
    if (!converged) throw new Error(`topEigenpairs: inverse iteration did not converge for eigenvalue ${j}`);
    tVectors.push(x);
  }
  // Back-transform: eigenvector of A = Q x with Q = H_0 H_1 ... H_{d-3}; apply the last reflector first.
  const vectors = new Float64Array(k * d);
  const refl = t.reflectors!;
  for (let j = 0; j < k; j++) {
    const x = tVectors[j]!;
    for (let r = refl.length - 1; r >= 0; r--) {
      const { v, beta } = refl[r]!;
      if (beta === 0) continue;
      const o = r + 1;
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i]! * x[o + i]!;
      const f = beta * dot;
      for (let i = 0; i < v.length; i++) x[o + i]! -= f * v[i]!;
    }
    vectors.set(x, j * d);
  }
  return { values, vectors };
}

/**
 * Pivoted Cholesky of a symmetric positive semi-definite matrix (LAPACK dpstf2; Higham 1990,
 * "Analysis of the Cholesky decomposition of a semi-definite matrix"): Pᵀ A P = L Lᵀ with L
 * d x r lower trapezoidal, stopping when the largest remaining Schur-complement diagonal falls to
 * tol = d * (eps/2) * max(diag A), LAPACK's default. Left-looking: column j of L is
 * (A[perm i][perm j] - L[i, :j] · L[j, :j]) / L[j][j], contiguous dot products over rows of L,
 * d³/6 multiply-adds; A is only read. Returns Lᵀ (r x d: row j = column j of L, zero before
 * index j) and perm (row i of L belongs to variable perm[i]).
 */
export function pivotedCholesky(
  a: Float64Array,
  d: number,
): { lt: Float64Array; rank: number; perm: Int32Array } {
  const perm = new Int32Array(d);
  const rem = new Float64Array(d);
  let maxDiag = 0;
  for (let i = 0; i < d; i++) {
    perm[i] = i;
    rem[i] = a[i * d + i]!;
    maxDiag = Math.max(maxDiag, rem[i]!);
  }
  const tol = d * (EPS / 2) * maxDiag;
  const l = new Float64Array(d * d); // row-major L, row i = L[i, :]
  let rank = 0;
  for (let j = 0; j < d; j++) {
    let piv = j;
    for (let i = j + 1; i < d; i++) if (rem[i]! > rem[piv]!) piv = i;
    if (!(rem[piv]! > tol)) break;
    if (piv !== j) {
      const tp = perm[j]!;
      perm[j] = perm[piv]!;
      perm[piv] = tp;
      const tr = rem[j]!;
      rem[j] = rem[piv]!;
      rem[piv] = tr;
      for (let c = 0; c < j; c++) {
        const t = l[j * d + c]!;
        l[j * d + c] = l[piv * d + c]!;
        l[piv * d + c] = t;
      }
    }
    const ljj = Math.sqrt(rem[j]!);
    const rowJ = j * d;
    l[rowJ + j] = ljj;
    const pj = perm[j]!;
    // Four rows at a time: four independent accumulators and one read of row j per block.
    let i = j + 1;
    for (; i + 3 < d; i += 4) {
      const r0 = i * d;
      const r1 = r0 + d;
      const r2 = r1 + d;
      const r3 = r2 + d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let c = 0; c < j; c++) {
        const y = l[rowJ + c]!;
        s0 += l[r0 + c]! * y;
        s1 += l[r1 + c]! * y;
        s2 += l[r2 + c]! * y;
        s3 += l[r3 + c]! * y;
      }
      const sums = [s0, s1, s2, s3];
      for (let u = 0; u < 4; u++) {
        const lij = (a[perm[i + u]! * d + pj]! - sums[u]!) / ljj;
        l[(i + u) * d + j] = lij;
        rem[i + u]! -= lij * lij;
      }
    }
    for (; i < d; i++) {
      const rowI = i * d;
      let dot = 0;
      for (let c = 0; c < j; c++) dot += l[rowI + c]! * l[rowJ + c]!;
      const lij = (a[perm[i]! * d + pj]! - dot) / ljj;
      l[rowI + j] = lij;
      rem[i]! -= lij * lij;
    }
    rank = j + 1;
  }
  const lt = new Float64Array(rank * d);
  for (let i = 0; i < d; i++) for (let c = 0; c < Math.min(i + 1, rank); c++) lt[c * d + i] = l[i * d + c]!;
  return { lt, rank, perm };
}
