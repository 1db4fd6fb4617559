import { describe, expect, it } from "vitest";
import { createRng } from "@/lib/metrics/stats/rng";
import { accuracy, balancedAccuracy, rocAuc } from "./scores";

describe("accuracy and balanced accuracy", () => {
  it("hand-worked example", () => {
    const y = Int32Array.of(0, 0, 0, 0, 1, 1);
    const p = Int32Array.of(0, 0, 0, 1, 0, 1);
    // 4 of 6 right; recalls 3/4 and 1/2, mean 5/8.
    expect(accuracy(y, p)).toBeCloseTo(4 / 6, 15);
    expect(balancedAccuracy(y, p)).toBeCloseTo(5 / 8, 15);
  });
  it("rejects mismatched lengths", () => {
    expect(() => accuracy(Int32Array.of(0, 1), Int32Array.of(0))).toThrow(/predicted has 1/);
  });
});

// Reference: count pairs directly; AUC = P(score+ > score-) + 1/2 P(tie) (Mann-Whitney).
function pairCount(y: Int32Array, s: Float64Array): number {
  let num = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < y.length; j++) {
      if (y[i] === 1 && y[j] === 0) {
        pairs++;
        num += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
    }
  }
  return num / pairs;
}

describe("rocAuc", () => {
  it("hand-counted example with ties", () => {
    // Positives 0.8, 0.5, 0.5; negatives 0.5, 0.2. Pairs: (0.8 vs both) 2 wins; each 0.5 positive:
    // tie with 0.5 (1/2) + win over 0.2 (1) = 1.5, twice = 3. Total 5 of 6 pairs: AUC = 5/6.
    const y = Int32Array.of(1, 1, 1, 0, 0);
    const s = Float64Array.of(0.8, 0.5, 0.5, 0.5, 0.2);
    expect(rocAuc(y, s)).toBeCloseTo(5 / 6, 15);
  });
  it("matches pair counting on random data with many ties", () => {
    const rng = createRng(4);
    const y = Int32Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const s = Float64Array.from({ length: 60 }, () => rng.int(5));
    expect(rocAuc(y, s)).toBeCloseTo(pairCount(y, s), 12);
  });
  it("is invariant to row order", () => {
    const y = Int32Array.of(1, 0, 1, 0, 0, 1);
    const s = Float64Array.of(0.3, 0.1, 0.9, 0.3, 0.5, 0.2);
    const order = [5, 2, 0, 4, 1, 3];
    expect(
      rocAuc(
        Int32Array.from(order, (i) => y[i]!),
        Float64Array.from(order, (i) => s[i]!),
      ),
    ).toBeCloseTo(rocAuc(y, s), 15);
  });
  it("needs both classes and finite scores", () => {
    expect(() => rocAuc(Int32Array.of(1, 1), Float64Array.of(0.1, 0.2))).toThrow(/both classes/);
    expect(() => rocAuc(Int32Array.of(1, 0), Float64Array.of(0.1, Number.NaN))).toThrow(/non-finite/);
    expect(() => rocAuc(Int32Array.of(1, 2), Float64Array.of(0.1, 0.2))).toThrow(/expected 0 or 1/);
  });
});
