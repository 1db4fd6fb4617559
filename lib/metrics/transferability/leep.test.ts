import { describe, expect, it } from "vitest";
import { fromRows } from "@/lib/metrics/matrix";
import { leep } from "./leep";

describe("leep", () => {
  it("is 0 for one-hot source predictions that map onto the target labels", () => {
    // Nguyen et al. 2020: P(y|z) is 1 for the matching label, so every log term is log 1 = 0.
    // Source classes 0,1 -> target 0; source 2 -> target 1 (a many-to-one map is still exact).
    const theta = fromRows([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(leep(theta, Int32Array.of(0, 0, 1, 1, 0))).toBeCloseTo(0, 14);
  });

  it("is log(1/C) for uniform source predictions and balanced labels", () => {
    // Uniform theta carries no information: P(y|z) = P(y) = 1/C, so each term is log(1/C).
    const theta = fromRows(Array.from({ length: 12 }, () => [0.25, 0.25, 0.25, 0.25]));
    expect(
      leep(
        theta,
        Int32Array.from({ length: 12 }, (_, i) => i % 3),
      ),
    ).toBeCloseTo(Math.log(1 / 3), 14);
  });

  it("hand-worked soft example", () => {
    // theta rows (0.8, 0.2), (0.4, 0.6), (0.1, 0.9), (0.5, 0.5); labels 0, 0, 1, 1 (N = 4).
    // N P(y, z): y=0: (1.2, 0.8); y=1: (0.6, 1.4). Column sums 1.8, 2.2.
    // P(0|z) = (2/3, 4/11), P(1|z) = (1/3, 7/11).
    // EEP: 0.8*2/3 + 0.2*4/11 = 0.60606; 0.4*2/3 + 0.6*4/11 = 0.48485;
    //      0.1*1/3 + 0.9*7/11 = 0.60606; 0.5*1/3 + 0.5*7/11 = 0.48485.
    // LEEP = (2 log 0.606061 + 2 log 0.484848) / 4 = (-0.500775 - 0.723919) / 2 = -0.612347.
    const theta = fromRows([
      [0.8, 0.2],
      [0.4, 0.6],
      [0.1, 0.9],
      [0.5, 0.5],
    ]);
    const want =
      (Math.log(0.8 * (2 / 3) + 0.2 * (4 / 11)) * 2 + Math.log(0.4 * (2 / 3) + 0.6 * (4 / 11)) * 2) / 4;
    expect(want).toBeCloseTo(-0.612347, 5);
    expect(leep(theta, Int32Array.of(0, 0, 1, 1))).toBeCloseTo(want, 14);
  });

  it("rejects logits and mismatched rows", () => {
    expect(() =>
      leep(
        fromRows([
          [2, -1],
          [0.5, 0.5],
        ]),
        Int32Array.of(0, 1),
      ),
    ).toThrow(/negative probability|sums to/);
    expect(() =>
      leep(
        fromRows([
          [3, 1],
          [0.5, 0.5],
        ]),
        Int32Array.of(0, 1),
      ),
    ).toThrow(/sums to 4/);
    expect(() => leep(fromRows([[1, 0]]), Int32Array.of(0, 1))).toThrow(/1 rows but 2 labels/);
  });
});
