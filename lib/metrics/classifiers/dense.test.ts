import { describe, expect, it } from "vitest";
import { createRng } from "@/lib/metrics/stats/rng";
import { centerColumns, crossDot, gramRows, gramRowsFast, transpose } from "./dense";

// Reference: the textbook triple loop, written independently here.
function naiveABt(A: Float64Array, nA: number, B: Float64Array, nB: number, d: number): Float64Array {
  const out = new Float64Array(nA * nB);
  for (let i = 0; i < nA; i++) {
    for (let j = 0; j < nB; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += A[i * d + k]! * B[j * d + k]!;
      out[i * nB + j] = s;
    }
  }
  return out;
}

function randomArray(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.normal());
}

describe("dense kernels", () => {
  it("crossDot matches the triple loop for sizes off the 4 x 2 blocking", () => {
    for (const [nA, nB, d] of [
      [1, 1, 1],
      [7, 5, 3],
      [9, 2, 11],
      [4, 3, 1],
    ] as const) {
      const A = randomArray(nA * d, nA);
      const B = randomArray(nB * d, nB + 100);
      const got = crossDot(A, nA, B, nB, d);
      const want = naiveABt(A, nA, B, nB, d);
      for (let k = 0; k < want.length; k++) expect(got[k]).toBeCloseTo(want[k]!, 12);
    }
  });

  it("gramRows equals A A^T and is symmetric", () => {
    for (const [n, d] of [
      [1, 3],
      [6, 4],
      [11, 7],
    ] as const) {
      const A = randomArray(n * d, n * 31);
      const got = gramRows(A, n, d);
      const want = naiveABt(A, n, A, n, d);
      for (let k = 0; k < want.length; k++) expect(got[k]).toBeCloseTo(want[k]!, 12);
    }
  });

  it("transpose and centring", () => {
    const A = Float64Array.of(1, 2, 3, 4, 5, 6); // 2 x 3
    expect(Array.from(transpose(A, 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
    const B = Float64Array.from(A);
    // Column means of [[1,2,3],[4,5,6]] are 2.5, 3.5, 4.5.
    expect(Array.from(centerColumns(B, 2, 3))).toEqual([2.5, 3.5, 4.5]);
    expect(Array.from(B)).toEqual([-1.5, -1.5, -1.5, 1.5, 1.5, 1.5]);
  });
});

describe("gramRowsFast", () => {
  it("equals the JavaScript gramRows to float64 rounding, exactly symmetric", async () => {
    // Independent reference: the blocked JavaScript loop above, itself checked against naive dots.
    const n = 37;
    const d = 23;
    const A = Float64Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.7) * 3 + (i % 5));
    const fast = await gramRowsFast(A, n, d);
    const slow = gramRows(A, n, d);
    for (let i = 0; i < n * n; i++) expect(fast[i]!).toBeCloseTo(slow[i]!, 9);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(fast[i * n + j]).toBe(fast[j * n + i]);
  });
});
