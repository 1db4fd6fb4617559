import { describe, expect, it } from "vitest";
import { splitFold, stratifiedFolds } from "./folds";

describe("stratifiedFolds", () => {
  const y = Int32Array.from({ length: 53 }, (_, i) => (i < 30 ? 0 : i < 45 ? 1 : 2)); // 30 / 15 / 8

  it("keeps each class within one sample of n_c / k in every fold, and fold sizes within one", () => {
    const fold = stratifiedFolds(y, 3, 5, 1);
    const sizes = new Array(5).fill(0);
    for (let f = 0; f < 5; f++) {
      const { test, train } = splitFold(fold, f);
      expect(test.length + train.length).toBe(53);
      sizes[f] = test.length;
      for (const [c, nc] of [
        [0, 30],
        [1, 15],
        [2, 8],
      ] as const) {
        const inFold = Array.from(test).filter((i) => y[i] === c).length;
        expect(Math.abs(inFold - nc / 5)).toBeLessThanOrEqual(1);
      }
    }
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it("is deterministic per seed and changes with the seed", () => {
    expect(Array.from(stratifiedFolds(y, 3, 5, 1))).toEqual(Array.from(stratifiedFolds(y, 3, 5, 1)));
    expect(Array.from(stratifiedFolds(y, 3, 5, 1))).not.toEqual(Array.from(stratifiedFolds(y, 3, 5, 2)));
  });

  it("rejects more folds than samples", () => {
    expect(() => stratifiedFolds(Int32Array.of(0, 1), 2, 3, 0)).toThrow(/3 folds for 2 samples/);
  });
});
