import { describe, expect, it } from "vitest";
import { recommend } from "./rule";
import { inputOf } from "./test-inputs";
import type { RecommendationInput } from "./types";

const ok = () =>
  inputOf(100, [
    { layer: "a", depth: 0.3, pre: 0.9, rnd: 0.6, n: 500 },
    { layer: "b", depth: 0.8, pre: 0.95, rnd: 0.6, n: 500 },
  ]);

function broken(edit: (i: RecommendationInput) => void): () => unknown {
  const i = ok();
  edit(i);
  return () => recommend(i);
}

describe("recommend input checks", () => {
  it("accepts the well-formed input", () => {
    expect(() => recommend(ok())).not.toThrow();
  });
  it("names the field and the problem", () => {
    expect(
      broken((i) => {
        i.layers[0]!.transfer.linearProbe.value = Number.NaN;
      }),
    ).toThrow("layers[0].transfer.linearProbe.value must be a finite number, got NaN");
    expect(
      broken((i) => {
        i.layers[1]!.random.linearProbe.low = 0.99;
      }),
    ).toThrow("layers[1].random.linearProbe: need low <= value <= high");
    expect(
      broken((i) => {
        i.target.n = 7;
      }),
    ).toThrow("target.perClass sums to 500, target.n is 7");
    expect(
      broken((i) => {
        i.target.perClass = { only: 500 };
        i.target.classes = 1;
      }),
    ).toThrow("target.perClass: need at least 2 classes, got 1");
    expect(
      broken((i) => {
        i.target.classes = 4;
      }),
    ).toThrow("target.classes is 4 but target.perClass has 5 classes");
    expect(
      broken((i) => {
        i.layers = [];
      }),
    ).toThrow("layers: need at least one layer");
    expect(
      broken((i) => {
        i.layers[1]!.layer = "a";
      }),
    ).toThrow("layers[1].layer 'a' appears twice");
    expect(
      broken((i) => {
        i.layers[0]!.depth = 1.5;
      }),
    ).toThrow("layers[0].depth must be in [0, 1], got 1.5");
    expect(
      broken((i) => {
        i.layers[0]!.shift.pad = { value: 1, low: 1.2 };
      }),
    ).toThrow("layers[0].shift.pad.low (1.2) exceeds pad.value (1)");
    expect(
      broken((i) => {
        i.chance = Number.POSITIVE_INFINITY;
      }),
    ).toThrow("chance must be a finite number, got Infinity");
    expect(
      broken((i) => {
        (i.bias as { highestSeverity: string }).highestSeverity = "severe";
      }),
    ).toThrow("bias.highestSeverity must be info, medium or high, got severe");
  });
});
