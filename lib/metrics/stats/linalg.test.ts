import { EigenvalueDecomposition, Matrix as MlMatrix, QrDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  dotRows,
  meanAndCovariance,
  pivotedCholesky,
  symmetricEigenvalues,
  topEigenpairs,
  tridiagonalEigenvalues,
} from "./linalg";
import { createRng } from "./rng";

function randomData(n: number, d: number, seed: number, scales?: number[]): Float64Array {
  const rng = createRng(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) x[i * d + j] = rng.normal() * (scales?.[j] ?? 1);
  return x;
}

function toMl(a: Float64Array, d: number): MlMatrix {
  return new MlMatrix(Array.from({ length: d }, (_, i) => Array.from(a.subarray(i * d, (i + 1) * d))));
}

/** Q diag(values) Qᵀ with Q orthogonal (from ml-matrix's QR of a random matrix). */
function withSpectrum(values: number[], seed: number): Float64Array {
  const d = values.length;
  const q = new QrDecomposition(toMl(randomData(d, d, seed), d)).orthogonalMatrix;
  const a = q.mmul(MlMatrix.diag(values)).mmul(q.transpose());
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = (a.get(i, j) + a.get(j, i)) / 2;
  return out;
}

describe("dotRows", () => {
  it("matches a naive triple loop, including the 2x4 block remainders and the upper mode", () => {
    // Reference: the definition out[i][j] = Σ_k a[i][k] b[j][k], summed directly.
    const p = 7;
    const q = 9;
    const len = 5;
    const a = randomData(p, len, 1);
    const b = randomData(q, len, 2);
    const out = dotRows(a, p, b, q, len);
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < q; j++) {
        let s = 0;
        for (let k = 0; k < len; k++) s += a[i * len + k]! * b[j * len + k]!;
        expect(out[i * q + j]).toBeCloseTo(s, 13);
      }
    }
    const sym = dotRows(a, p, a, p, len, { upper: true });
    const full = dotRows(a, p, a, p, len);
    for (let k = 0; k < p * p; k++) expect(sym[k]).toBeCloseTo(full[k]!, 13);
  });
});

describe("meanAndCovariance", () => {
  it("gives the unbiased covariance worked by hand", () => {
    // Rows (0,0),(2,0),(0,2),(2,2): mean (1,1), deviations (±1,±1) with all four sign patterns, so
    // Σ dx² = Σ dy² = 4 and Σ dx dy = 0; dividing by n - 1 = 3 gives diag(4/3, 4/3).
    const fit = meanAndCovariance(Float64Array.from([0, 0, 2, 0, 0, 2, 2, 2]), 4, 2);
    expect(Array.from(fit.mean)).toEqual([1, 1]);
    expect(fit.cov[0]).toBeCloseTo(4 / 3, 14);
    expect(fit.cov[1]).toBeCloseTo(0, 14);
    expect(fit.cov[2]).toBeCloseTo(0, 14);
    expect(fit.cov[3]).toBeCloseTo(4 / 3, 14);
  });

  it("throws on fewer than 2 rows", () => {
    expect(() => meanAndCovariance(new Float64Array(3), 1, 3)).toThrow(/at least 2 rows/);
  });
});

describe("tridiagonalEigenvalues", () => {
  it("finds the closed-form spectrum of the second-difference matrix", () => {
    // tridiag(-1, 2, -1) of size n has eigenvalues 2 - 2 cos(kπ/(n+1)), k = 1..n (standard result,
    // e.g. Golub & Van Loan 4th ed. §4.8.3).
    const n = 25;
    const diag = new Float64Array(n).fill(2);
    const off = new Float64Array(n).fill(-1);
    off[n - 1] = 0;
    const got = tridiagonalEigenvalues(diag, off);
    const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort(
      (x, y) => y - x,
    );
    for (let k = 0; k < n; k++) expect(got[k]).toBeCloseTo(want[k]!, 13);
  });
});

describe("symmetricEigenvalues", () => {
  it("agrees with ml-matrix's EigenvalueDecomposition on a random covariance (odd size, 3 panels)", () => {
    // d = 75 spans three 32-column panels of the blocked reduction, the last one partial.
    const d = 75;
    const a = meanAndCovariance(randomData(90, d, 3), 90, d).cov;
    const ref = new EigenvalueDecomposition(toMl(a, d), { assumeSymmetric: true }).realEigenvalues.sort(
      (x, y) => y - x,
    );
    const got = symmetricEigenvalues(a, d);
    for (let k = 0; k < d; k++) expect(got[k]).toBeCloseTo(ref[k]!, 12);
  });

  it("returns the diagonal of a diagonal matrix (every Householder step is the identity)", () => {
    const values = [3, -1, 7, 0, 2.5];
    const a = new Float64Array(25);
    values.forEach((v, i) => {
      a[i * 5 + i] = v;
    });
    expect(Array.from(symmetricEigenvalues(a, 5))).toEqual([7, 3, 2.5, 0, -1]);
  });

  it("recovers a prescribed spectrum with repeated and zero eigenvalues", () => {
    // A = Q diag(λ) Qᵀ has exactly the eigenvalues λ.
    const lambda = [9, 4, 4, 4, 1, 0, 0, 0];
    const got = symmetricEigenvalues(withSpectrum(lambda, 4), lambda.length);
    for (let k = 0; k < lambda.length; k++) expect(got[k]).toBeCloseTo(lambda[k]!, 12);
  });
});

describe("topEigenpairs", () => {
  function residuals(a: Float64Array, d: number, values: Float64Array, vectors: Float64Array): number {
    let worst = 0;
    for (let j = 0; j < values.length; j++) {
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += a[i * d + c]! * vectors[j * d + c]!;
        worst = Math.max(worst, Math.abs(s - values[j]! * vectors[j * d + i]!));
      }
    }
    return worst;
  }
  function orthonormalityError(vectors: Float64Array, k: number, d: number): number {
    let worst = 0;
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += vectors[a * d + i]! * vectors[b * d + i]!;
        worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
      }
    }
    return worst;
  }

  it("matches ml-matrix's eigenvectors (up to sign) for distinct eigenvalues", () => {
    const d = 30;
    const a = meanAndCovariance(randomData(60, d, 5), 60, d).cov;
    const k = 6;
    const { values, vectors } = topEigenpairs(a, d, k);
    const ref = new EigenvalueDecomposition(toMl(a, d), { assumeSymmetric: true });
    const order = ref.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0]);
    for (let j = 0; j < k; j++) {
      const [refValue, col] = order[j]!;
      expect(values[j]).toBeCloseTo(refValue, 12);
      let dot = 0;
      for (let i = 0; i < d; i++) dot += vectors[j * d + i]! * ref.eigenvectorMatrix.get(i, col);
      expect(Math.abs(dot)).toBeCloseTo(1, 10);
    }
    expect(residuals(a, d, values, vectors)).toBeLessThan(1e-12);
  });

  it("returns an orthonormal basis of a repeated top eigenvalue", () => {
    // The top eigenvalue 5 has multiplicity 3: any orthonormal basis of its eigenspace is right, so
    // check A v = λ v and VᵀV = I rather than particular vectors.
    const lambda = [5, 5, 5, 2, 1, 0.5, 0.25, 0, 0, 0];
    const d = lambda.length;
    const a = withSpectrum(lambda, 6);
    const { values, vectors } = topEigenpairs(a, d, 5);
    expect(Array.from(values).map((v) => Number(v.toFixed(10)))).toEqual([5, 5, 5, 2, 1]);
    expect(residuals(a, d, values, vectors)).toBeLessThan(1e-12);
    expect(orthonormalityError(vectors, 5, d)).toBeLessThan(1e-12);
  });

  it("returns unit vectors for the zero matrix", () => {
    const { values, vectors } = topEigenpairs(new Float64Array(9), 3, 2);
    expect(Array.from(values)).toEqual([0, 0]);
    expect(Array.from(vectors)).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it("rejects k outside 1..d", () => {
    expect(() => topEigenpairs(new Float64Array(4), 2, 3)).toThrow(/k must be in 1..2/);
  });
});

describe("pivotedCholesky", () => {
  function reconstructionError(a: Float64Array, d: number): { rank: number; error: number } {
    const { lt, rank, perm } = pivotedCholesky(a, d);
    let error = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < rank; k++) s += lt[k * d + i]! * lt[k * d + j]!;
        error = Math.max(error, Math.abs(s - a[perm[i]! * d + perm[j]!]!));
      }
    }
    return { rank, error };
  }

  it("factors a positive definite matrix exactly: Pᵀ A P = L Lᵀ", () => {
    const d = 13;
    const { rank, error } = reconstructionError(meanAndCovariance(randomData(40, d, 7), 40, d).cov, d);
    expect(rank).toBe(d);
    expect(error).toBeLessThan(1e-13);
  });

  it("stops at the rank of a singular covariance", () => {
    // 5 rows in 9 dimensions: the centred rows span at most 4 dimensions.
    const d = 9;
    const { rank, error } = reconstructionError(meanAndCovariance(randomData(5, d, 8), 5, d).cov, d);
    expect(rank).toBe(4);
    expect(error).toBeLessThan(1e-13);
  });
});
