import { describe, expect, it } from "vitest";
import {
  checkParamCap,
  checkShardPath,
  checkShardSizes,
  declaredParams,
  groupByteTotals,
  type ModelJson,
  modelKind,
  parseModelJson,
} from "./manifest";

const json = (weights: unknown[], paths = ["a.bin"]): ModelJson =>
  parseModelJson({
    format: "layers-model",
    modelTopology: { class_name: "Model" },
    weightsManifest: [{ paths, weights }],
  });

describe("parseModelJson", () => {
  it("names the missing field", () => {
    expect(() => parseModelJson({ modelTopology: {} })).toThrow(/^model\.json: weightsManifest: /);
  });
  it("names the bad entry by its index path", () => {
    expect(() =>
      parseModelJson({ modelTopology: {}, weightsManifest: [{ paths: ["a.bin", 7], weights: [] }] }),
    ).toThrow("model.json: weightsManifest[0].paths[1]: Invalid input: expected string, received number");
  });
  it("rejects a negative dimension", () => {
    expect(() => json([{ name: "k", shape: [3, -1], dtype: "float32" }])).toThrow(
      /weightsManifest\[0\]\.weights\[0\]\.shape\[1\]/,
    );
  });
});

describe("modelKind", () => {
  it("reads format, else the topology's shape", () => {
    expect(modelKind(json([]))).toBe("layers");
    const graph = parseModelJson({
      modelTopology: { node: [] },
      weightsManifest: [{ paths: ["a"], weights: [] }],
    });
    expect(modelKind(graph)).toBe("graph");
    const neither = parseModelJson({
      modelTopology: { foo: 1 },
      weightsManifest: [{ paths: ["a"], weights: [] }],
    });
    expect(() => modelKind(neither)).toThrow(/neither a layers model .* nor a graph model/);
  });
});

describe("byte and parameter counts", () => {
  // By hand: float32 [3,3,2,4] = 72 values x 4 B = 288; uint8-quantized [10] = 10 x 1 = 10;
  // float16-quantized [2,3] = 6 x 2 = 12; int32 scalar [] = 1 x 4 = 4. Total 314 B, 89 values.
  const j = json([
    { name: "k", shape: [3, 3, 2, 4], dtype: "float32" },
    { name: "q", shape: [10], dtype: "float32", quantization: { dtype: "uint8", min: 0, scale: 1 } },
    { name: "h", shape: [2, 3], dtype: "float32", quantization: { dtype: "float16" } },
    { name: "s", shape: [], dtype: "int32" },
  ]);
  it("sums stored bytes with quantized sizes", () => {
    expect(groupByteTotals(j)).toEqual([314]);
    expect(declaredParams(j)).toBe(89);
  });
  it("caps parameters", () => {
    expect(checkParamCap(j, 89)).toBe(89);
    expect(() => checkParamCap(j, 88)).toThrow(
      "model.json: weightsManifest declares 89 parameters, cap is 88 (maxParams)",
    );
  });
  it("refuses string weights", () => {
    expect(() => groupByteTotals(json([{ name: "t", shape: [2], dtype: "string" }]))).toThrow(
      "model.json: weightsManifest[0].weights[0] 't': dtype 'string' weights are not supported",
    );
  });
});

describe("checkShardSizes", () => {
  const w = [{ name: "k", shape: [1024], dtype: "float32" }]; // 4096 bytes
  it("accepts exact sizes, single or split", () => {
    expect(() => checkShardSizes(json(w), [[4096]])).not.toThrow();
    expect(() => checkShardSizes(json(w, ["a", "b"]), [[4000, 96]])).not.toThrow();
  });
  it("names the shard of a one-shard group", () => {
    expect(() => checkShardSizes(json(w, ["group1-shard1of1.bin"]), [[1234]])).toThrow(
      "model.json: weightsManifest[0].paths[0] 'group1-shard1of1.bin' is 1234 bytes, manifest says 4096",
    );
  });
  it("lists every shard of a split group", () => {
    expect(() => checkShardSizes(json(w, ["s1.bin", "s2.bin"]), [[4000, 95]])).toThrow(
      "model.json: weightsManifest[0] shards hold 4095 bytes (paths[0] 's1.bin' 4000 bytes, paths[1] 's2.bin' 95 bytes), manifest says 4096",
    );
  });
});

describe("checkShardPath", () => {
  it("keeps shards inside the model directory", () => {
    expect(() => checkShardPath("group1-shard1of1.bin", "p")).not.toThrow();
    expect(() => checkShardPath("sub/x.bin", "p")).not.toThrow();
    expect(() => checkShardPath("../secret", "p")).toThrow(
      "p '../secret' must not contain '..' or empty segments",
    );
    expect(() => checkShardPath("/etc/passwd", "p")).toThrow("must be a relative path");
    expect(() => checkShardPath("C:x", "p")).toThrow("must be a relative path");
  });
});
