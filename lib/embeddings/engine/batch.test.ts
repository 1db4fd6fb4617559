import { describe, expect, it } from "vitest";
import { checkBatch, checkLayerNames, checkPooling, concatOutputs, splitCounts } from "./batch";

describe("splitCounts", () => {
  it("splits as evenly as possible, larger parts first", () => {
    // By hand: 32 / 2 = 16 + 16; 5 / 2 = 3 + 2; 7 / 3 = 3 + 2 + 2; 1 image on 4 threads = one part.
    expect(splitCounts(32, 2)).toEqual([16, 16]);
    expect(splitCounts(5, 2)).toEqual([3, 2]);
    expect(splitCounts(7, 3)).toEqual([3, 2, 2]);
    expect(splitCounts(1, 4)).toEqual([1]);
  });
  it("rejects n < 1 and k < 1", () => {
    expect(() => splitCounts(0, 2)).toThrow("splitCounts: n must be a positive integer, got 0");
    expect(() => splitCounts(3, 0)).toThrow("splitCounts: k must be a positive integer, got 0");
  });
});

describe("concatOutputs", () => {
  it("stacks parts in order per layer", () => {
    const a = new Map([["f", { dim: 2, data: Float32Array.of(1, 2, 3, 4) }]]);
    const b = new Map([["f", { dim: 2, data: Float32Array.of(5, 6) }]]);
    const out = concatOutputs([a, b], ["f"]);
    expect(out.get("f")).toEqual({ dim: 2, data: Float32Array.of(1, 2, 3, 4, 5, 6) });
  });
  it("rejects parts that disagree on dim", () => {
    const a = new Map([["f", { dim: 2, data: new Float32Array(2) }]]);
    const b = new Map([["f", { dim: 3, data: new Float32Array(3) }]]);
    expect(() => concatOutputs([a, b], ["f"])).toThrow(
      "concatOutputs: layer 'f' has dim 3 in part 1, 2 in part 0",
    );
  });
});

describe("checkBatch", () => {
  const shape = [2, 2, 3]; // 12 values per image
  it("accepts n finite images", () => {
    expect(() => checkBatch(new Float32Array(24), 2, shape)).not.toThrow();
  });
  it("names the size mismatch", () => {
    expect(() => checkBatch(new Float32Array(23), 2, shape)).toThrow(
      "batch has 23 values, expected n x 2 x 2 x 3 = 2 x 12 = 24",
    );
  });
  it("names the first non-finite value and its image", () => {
    const b = new Float32Array(24);
    b[13] = Number.NaN;
    expect(() => checkBatch(b, 2, shape)).toThrow("batch[13] (image 1) is NaN: inputs must be finite");
    const c = new Float32Array(24);
    c[0] = Number.POSITIVE_INFINITY;
    expect(() => checkBatch(c, 2, shape)).toThrow("batch[0] (image 0) is Infinity");
  });
  it("rejects n < 1 and non-Float32Array input", () => {
    expect(() => checkBatch(new Float32Array(0), 0, shape)).toThrow("n must be a positive integer, got 0");
    expect(() => checkBatch(new Float64Array(12) as unknown as Float32Array, 1, shape)).toThrow(
      "batch must be a Float32Array",
    );
  });
});

describe("checkBatch on vectors", () => {
  const shape = [4]; // one 4-value vector per sample (a bag-of-words row)
  it("accepts n vectors and names a non-finite value's sample", () => {
    expect(() => checkBatch(new Float32Array(8), 2, shape)).not.toThrow();
    expect(() => checkBatch(new Float32Array(7), 2, shape)).toThrow(
      "batch has 7 values, expected n x 4 = 2 x 4 = 8",
    );
    const b = new Float32Array(8);
    b[5] = Number.NEGATIVE_INFINITY; // 5 = 4 + 1: sample 1
    expect(() => checkBatch(b, 2, shape)).toThrow("batch[5] (sample 1) is -Infinity: inputs must be finite");
  });
  it("rejects an empty or non-integer input shape", () => {
    expect(() => checkBatch(new Float32Array(1), 1, [])).toThrow(
      "inputShape must list positive integers, got []",
    );
    expect(() => checkBatch(new Float32Array(1), 1, [0.5])).toThrow(
      "inputShape must list positive integers, got [0.5]",
    );
  });
});

describe("checkLayerNames / checkPooling", () => {
  const known = new Set(["a", "b"]);
  it("rejects empty, duplicate and unknown names", () => {
    expect(() => checkLayerNames([], known)).toThrow("layers must list at least one layer name");
    expect(() => checkLayerNames(["a", "a"], known)).toThrow("layers: 'a' is listed twice");
    expect(() => checkLayerNames(["c"], known)).toThrow("layers: 'c' is not a layer of this model");
    expect(() => checkLayerNames(["b", "a"], known)).not.toThrow();
  });
  it("accepts only avg and max", () => {
    expect(checkPooling("max")).toBe("max");
    expect(() => checkPooling("sum")).toThrow("pooling must be 'avg' or 'max', got sum");
  });
});
