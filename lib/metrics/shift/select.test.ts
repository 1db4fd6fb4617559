import { describe, expect, it } from "vitest";
import { createRng } from "@/lib/metrics/stats/rng";
import { medianInPlace, selectKth } from "./select";

describe("selectKth / medianInPlace", () => {
  it("agree with a full sort for every k, with many ties", () => {
    // Reference: Array.prototype.sort. Values drawn from 12 levels so that runs of equal values occur.
    const rng = createRng(4);
    for (const len of [1, 2, 3, 10, 101, 1000]) {
      const values = Array.from({ length: len }, () => rng.int(12));
      const sorted = [...values].sort((a, b) => a - b);
      for (const k of [0, len >> 1, len - 1, rng.int(len)]) {
        const a = Float64Array.from(values);
        expect(selectKth(a, k)).toBe(sorted[k]);
        for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k]!);
        for (let i = k + 1; i < len; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k]!);
      }
      const mid = len % 2 ? sorted[(len - 1) / 2]! : (sorted[len / 2 - 1]! + sorted[len / 2]!) / 2;
      expect(medianInPlace(Float64Array.from(values))).toBe(mid);
    }
  });

  it("medians by hand", () => {
    // {1,1,2,2,3,4}: middle two 2 and 2 → 2. {5, 1, 3}: 3. {4, 1}: 2.5.
    expect(medianInPlace(Float64Array.from([4, 2, 1, 3, 2, 1]))).toBe(2);
    expect(medianInPlace(Float64Array.from([5, 1, 3]))).toBe(3);
    expect(medianInPlace(Float64Array.from([4, 1]))).toBe(2.5);
  });

  it("rejects an empty array and k out of range", () => {
    expect(() => medianInPlace(new Float64Array(0))).toThrow(/no values/);
    expect(() => selectKth(new Float64Array(3), 3)).toThrow(/k = 3 outside 0..2/);
  });
});
