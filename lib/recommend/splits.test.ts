import { describe, expect, it } from "vitest";
import { fractionSubset, gatherRows, indicesByClass, stratifiedTestSplit } from "./splits";

/** 3 classes of 40, 20 and 8 samples, interleaved. */
function labels(): Int32Array {
  const y: number[] = [];
  for (let i = 0; i < 40; i++) y.push(0);
  for (let i = 0; i < 20; i++) y.push(1);
  for (let i = 0; i < 8; i++) y.push(2);
  // Interleave deterministically so that classes are not in blocks.
  return Int32Array.from(
    y.map((c, i) => ({ c, k: (i * 37) % 68 })).sort((a, b) => a.k - b.k),
    (o) => o.c,
  );
}

function countBy(y: Int32Array, idx: ArrayLike<number>, classes: number): number[] {
  const out = new Array<number>(classes).fill(0);
  for (let k = 0; k < idx.length; k++) out[y[idx[k]!]!]! += 1;
  return out;
}

describe("stratifiedTestSplit", () => {
  it("holds out round(25 %) of every class, disjoint from the pool, the same for the same seed", () => {
    const y = labels();
    const a = stratifiedTestSplit(y, 3, 0.25, 7);
    // round(0.25 * 40) = 10, round(0.25 * 20) = 5, round(0.25 * 8) = 2.
    expect(countBy(y, a.test, 3)).toEqual([10, 5, 2]);
    expect(a.poolByClass.map((p) => p.length)).toEqual([30, 15, 6]);
    const pool = new Set(a.poolByClass.flat());
    expect(Array.from(a.test).some((i) => pool.has(i))).toBe(false);
    expect(pool.size + a.test.length).toBe(68);
    expect(stratifiedTestSplit(y, 3, 0.25, 7)).toEqual(a);
    expect(stratifiedTestSplit(y, 3, 0.25, 8).test).not.toEqual(a.test);
  });
  it("refuses classes too small to keep a test, a training and a validation sample", () => {
    const y = Int32Array.from([0, 0, 0, 0, 1, 1]);
    expect(() => stratifiedTestSplit(y, 2, 0.25, 1)).toThrow("y: class 1 has 2 samples; need at least 3");
    expect(() => stratifiedTestSplit(y, 2, 1, 1)).toThrow("testFraction must be in (0, 1), got 1");
    expect(() => indicesByClass(Int32Array.from([0, 3]), 2)).toThrow("y[1] = 3 is not a class index in 0..1");
    expect(() => indicesByClass(Int32Array.from([0, 0]), 2)).toThrow("y: class 1 has no samples");
  });
});

describe("fractionSubset", () => {
  it("takes nested prefixes per class and splits each into training and validation parts", () => {
    const y = labels();
    const { poolByClass } = stratifiedTestSplit(y, 3, 0.25, 3);
    const small = fractionSubset(poolByClass, 0.2, 0.2);
    const all = fractionSubset(poolByClass, 1, 0.2);
    // Per class k = max(2, round(0.2 * pool)) = 6, 3, 2; validation max(1, round(0.2 k)) = 1, 1, 1.
    expect(countBy(y, small.train, 3)).toEqual([5, 2, 1]);
    expect(countBy(y, small.validation, 3)).toEqual([1, 1, 1]);
    // Full pool 30, 15, 6: validation round(6) = 6, round(3) = 3, round(1.2) = 1.
    expect(countBy(y, all.validation, 3)).toEqual([6, 3, 1]);
    expect(countBy(y, all.train, 3)).toEqual([24, 12, 5]);
    const allSet = new Set([...all.train, ...all.validation]);
    expect([...small.train, ...small.validation].every((i) => allSet.has(i))).toBe(true);
  });
  it("names the fraction and the class when a class would get fewer than two samples", () => {
    expect(() => fractionSubset([[1, 2, 3], [4]], 0.5, 0.2)).toThrow(
      "fraction 0.5: class 1 gets 1 sample(s)",
    );
    expect(() => fractionSubset([[1, 2]], 0, 0.2)).toThrow("fraction must be in (0, 1], got 0");
  });
});

describe("gatherRows", () => {
  it("copies the requested rows in order", () => {
    const x = Float32Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gatherRows(x, 2, [2, 0]))).toEqual([20, 21, 0, 1]);
  });
});
