import { describe, expect, it } from "vitest";
import { fromRows } from "@/lib/metrics/matrix";
import { nce, nceFromSourceLabels } from "./nce";

describe("nce", () => {
  it("hand-worked 2 x 2 joint", () => {
    // Counts (y, z): (0,0) = 3, (1,0) = 1, (0,1) = 1, (1,1) = 3; N = 8, each z column sums to 4.
    // NCE = sum P(y,z) log P(y|z) = 2 (3/8) log(3/4) + 2 (1/8) log(1/4)
    //     = 0.75 (-0.287682) + 0.25 (-1.386294) = -0.562335.
    const z = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
    const y = Int32Array.of(0, 0, 0, 1, 0, 1, 1, 1);
    expect(nceFromSourceLabels(z, y, 2)).toBeCloseTo(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25), 14);
    expect(nceFromSourceLabels(z, y, 2)).toBeCloseTo(-0.562335, 6);
  });

  it("takes the source head's argmax as the source label", () => {
    const theta = fromRows([
      [0.9, 0.1],
      [0.6, 0.4],
      [0.7, 0.3],
      [0.55, 0.45],
      [0.2, 0.8],
      [0.4, 0.6],
      [0.1, 0.9],
      [0.3, 0.7],
    ]);
    const y = Int32Array.of(0, 0, 0, 1, 0, 1, 1, 1);
    expect(nce(theta, y)).toBeCloseTo(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25), 14);
  });

  it("is 0 when the source label determines the target and -H(Y) when independent", () => {
    expect(nceFromSourceLabels(Int32Array.of(2, 2, 0, 0), Int32Array.of(1, 1, 0, 0), 3)).toBeCloseTo(0, 14);
    // One source label for everything: H(Y|Z) = H(Y) = log 2 for balanced binary labels.
    expect(nceFromSourceLabels(Int32Array.of(0, 0, 0, 0), Int32Array.of(0, 1, 0, 1), 1)).toBeCloseTo(
      -Math.log(2),
      14,
    );
  });

  it("rejects out-of-range source labels", () => {
    expect(() => nceFromSourceLabels(Int32Array.of(0, 5, 0, 1), Int32Array.of(0, 1, 0, 1), 2)).toThrow(
      /5 at index 1/,
    );
  });
});
