import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { createRng } from "@/lib/metrics/stats/rng";
import { eigenvectors, spectralProjection } from "./symeig";

/** A random PSD matrix B B^T (n x n) of rank r. */
function randomGram(n: number, r: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const B = Float64Array.from({ length: n * r }, () => rng.normal());
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += B[i * r + k]! * B[j * r + k]!;
      A[i * n + j] = s;
    }
  }
  return A;
}

/** Reference: ml-matrix's full symmetric eigendecomposition (JAMA tred2 + tql2 with vectors). */
function reference(A: Float64Array, n: number) {
  const M = new MlMatrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, A[i * n + j]!);
  const e = new EigenvalueDecomposition(M, { assumeSymmetric: true });
  return { values: e.realEigenvalues, V: e.eigenvectorMatrix };
}

describe("spectralProjection", () => {
  for (const [n, r] of [
    [1, 1],
    [2, 2],
    [5, 5],
    [37, 37],
    [30, 12],
  ] as const) {
    it(`matches ml-matrix eigenvalues and eigen-coordinates (n = ${n}, rank ${r})`, () => {
      const A = randomGram(n, r, n * 10 + r);
      const rng = createRng(99);
      const b = Float64Array.from({ length: n }, () => rng.normal());
      const ref = reference(A, n);
      const sp = spectralProjection(Float64Array.from(A), n, [b]);
      const scale = Math.max(1, ...ref.values);
      for (let j = 0; j < n; j++) {
        expect(Math.abs(sp.values[j]! - ref.values[j]!)).toBeLessThan(1e-11 * scale);
        if (ref.values[j]! > 1e-8 * scale) {
          // Eigenvectors are defined up to sign: compare |u_j . b|.
          let proj = 0;
          for (let i = 0; i < n; i++) proj += ref.V.get(i, j) * b[i]!;
          expect(Math.abs(Math.abs(sp.projections[0]![j]!) - Math.abs(proj))).toBeLessThan(1e-9);
        }
      }
    });
  }

  it("keeps the squared coordinates summing to |b|^2 (an orthogonal change of basis)", () => {
    const A = randomGram(20, 20, 5);
    const b = Float64Array.from({ length: 20 }, (_, i) => Math.sin(i));
    const sp = spectralProjection(A, 20, [b]);
    const total = sp.projections[0]!.reduce((s, v) => s + v * v, 0);
    expect(total).toBeCloseTo(
      b.reduce((s, v) => s + v * v, 0),
      10,
    );
  });
});

describe("eigenvectors", () => {
  it("top eigenvectors are orthonormal and satisfy A u = lambda u", () => {
    const n = 40;
    const A = randomGram(n, 25, 3);
    const sp = spectralProjection(Float64Array.from(A), n);
    const top = Array.from(sp.values.slice(n - 6)).reverse();
    const U = eigenvectors(sp.tri, top);
    for (let a = 0; a < U.length; a++) {
      for (let c = 0; c < U.length; c++) {
        const s = U[a]!.reduce((acc, v, i) => acc + v * U[c]![i]!, 0);
        expect(s).toBeCloseTo(a === c ? 1 : 0, 10);
      }
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A[i * n + j]! * U[a]![j]!;
        expect(Math.abs(s - top[a]! * U[a]![i]!)).toBeLessThan(1e-8 * top[0]!);
      }
    }
  });

  it("repeated eigenvalues still give an orthonormal set", () => {
    // 2 I (n = 12): every unit vector is an eigenvector of 2; three requested must be orthonormal.
    const n = 12;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) A[i * n + i] = 2;
    const sp = spectralProjection(A, n);
    expect(sp.values.every((v) => Math.abs(v - 2) < 1e-14)).toBe(true);
    const U = eigenvectors(sp.tri, [2, 2, 2]);
    for (let a = 0; a < 3; a++) {
      for (let c = 0; c < 3; c++) {
        expect(U[a]!.reduce((acc, v, i) => acc + v * U[c]![i]!, 0)).toBeCloseTo(a === c ? 1 : 0, 12);
      }
    }
  });
});
