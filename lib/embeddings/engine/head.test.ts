import { describe, expect, it } from "vitest";
import { headProbabilities } from "./head";
import type { EmbeddingEngine, LayerOutput } from "./types";

/** A stand-in engine whose head layer returns fixed rows (2 classes). */
function fakeEngine(rows: number[], head: EmbeddingEngine["head"]): EmbeddingEngine {
  return {
    name: "tfjs",
    backend: "fake",
    inputShape: [1, 1, 1],
    weightsHash: "",
    params: 0,
    head,
    listLayers: () => [],
    extract: async (_b, _n, layers) =>
      new Map<string, LayerOutput>(layers.map((l) => [l, { dim: 2, data: Float32Array.from(rows) }])),
    dispose: async () => {},
  };
}

describe("headProbabilities", () => {
  it("returns the head layer's rows", async () => {
    const h = await headProbabilities(
      fakeEngine([0.25, 0.75, 1, 0], { layer: "p", classes: 2 }),
      new Float32Array(2),
      2,
    );
    expect(h).toEqual({ classes: 2, data: Float32Array.of(0.25, 0.75, 1, 0) });
  });
  it("refuses a model without a head, and rows that are not probabilities", async () => {
    await expect(headProbabilities(fakeEngine([0.5, 0.5], null), new Float32Array(1), 1)).rejects.toThrow(
      "headProbabilities: the model has no softmax classification head",
    );
    await expect(
      headProbabilities(fakeEngine([0.5, 0.5, 2, 3], { layer: "p", classes: 2 }), new Float32Array(2), 2),
    ).rejects.toThrow("headProbabilities: row 1 of layer 'p' sums to 5, not 1");
  });
});
