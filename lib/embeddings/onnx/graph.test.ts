/**
 * Layout helpers in closed form, and the engine on a small NHWC model built here with onnx-proto
 * (Relu then a per-channel scale): no transpose on the way in, maps pooled over axes 1 and 2, and
 * intermediate tensors exposed by editing graph.output.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as onnxModule from "onnx-proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, preflightEngineSpec } from "../engine/create";
import { decodeModel, summariseGraph, withOutputs } from "./graph";
import { inputLayout, nhwcToNchw, poolTensor } from "./layout";

const { onnx } = (onnxModule as unknown as { default?: typeof onnxModule }).default ?? onnxModule;

describe("layout helpers", () => {
  it("transposes NHWC to NCHW", () => {
    // One 1x2 image with 3 channels: pixel p, channel k holds 10 p + k.
    const nhwc = Float32Array.from([0, 1, 2, 10, 11, 12]);
    expect(Array.from(nhwcToNchw(nhwc, 1, 1, 2, 3))).toEqual([0, 10, 1, 11, 2, 12]);
  });

  it("pools a map over its spatial axes whichever the layout", () => {
    const nhwc = Float32Array.from([0, 1, 2, 10, 11, 12]);
    const nchw = nhwcToNchw(nhwc, 1, 1, 2, 3);
    // Per channel k the two pixels hold k and 10 + k: mean 5 + k, max 10 + k.
    expect(Array.from(poolTensor(nhwc, [1, 1, 2, 3], "nhwc", "avg").data)).toEqual([5, 6, 7]);
    expect(Array.from(poolTensor(nchw, [1, 3, 1, 2], "nchw", "avg").data)).toEqual([5, 6, 7]);
    expect(Array.from(poolTensor(nchw, [1, 3, 1, 2], "nchw", "max").data)).toEqual([10, 11, 12]);
    expect(poolTensor(nhwc, [2, 3], "nc", "avg")).toEqual({ dim: 3, data: nhwc });
  });

  it("reads the input layout from where the channels are", () => {
    expect(inputLayout([null, 3, 224, 224])).toEqual({
      layout: "nchw",
      sampleShape: [224, 224, 3],
      fixedBatch: null,
    });
    expect(inputLayout([1, 28, 28, 1])).toEqual({ layout: "nhwc", sampleShape: [28, 28, 1], fixedBatch: 1 });
    expect(inputLayout([null, 10])).toEqual({ layout: "nc", sampleShape: [10], fixedBatch: null });
    expect(() => inputLayout([null, 3, 3, 3], undefined, "m.onnx: input x")).toThrow(
      /m\.onnx: input x \[\?, 3, 3, 3\]: cannot tell NCHW from NHWC/,
    );
    expect(inputLayout([null, 3, 3, 3], "nhwc").layout).toBe("nhwc");
  });
});

/** input [N, 4, 4, 3] (NHWC) -> Relu -> "relu" -> Mul by [1, 2, 3] per channel -> "scaled". */
function nhwcModel(): Uint8Array {
  const dims = (d: (number | string)[]) =>
    d.map((v) => (typeof v === "number" ? { dimValue: v } : { dimParam: v }));
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: "", version: 13 }],
    graph: {
      name: "nhwc",
      node: [
        { opType: "Relu", input: ["x"], output: ["relu"], name: "relu" },
        { opType: "Mul", input: ["relu", "scale"], output: ["scaled"], name: "mul" },
      ],
      initializer: [{ name: "scale", dims: [3], dataType: 1, floatData: [1, 2, 3] }],
      input: [{ name: "x", type: { tensorType: { elemType: 1, shape: { dim: dims(["N", 4, 4, 3]) } } } }],
      output: [
        { name: "scaled", type: { tensorType: { elemType: 1, shape: { dim: dims(["N", 4, 4, 3]) } } } },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ta-onnx-graph-"));
  file = path.join(dir, "nhwc.onnx");
  await writeFile(file, nhwcModel());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("graph editing", () => {
  it("summarises the graph and exposes an intermediate tensor as an output", () => {
    const m = decodeModel(nhwcModel());
    const s = summariseGraph(m);
    expect(s.inputs).toEqual([{ name: "x", dims: [null, 4, 4, 3] }]);
    expect(s.tensors.map((t) => [t.name, t.opType, t.params])).toEqual([
      ["relu", "Relu", 0],
      ["scaled", "Mul", 3],
    ]);
    expect(s.params).toBe(3);
    const edited = decodeModel(withOutputs(m, ["relu", "scaled"]));
    expect(edited.graph!.output!.map((o) => o.name)).toEqual(["relu", "scaled"]);
  });

  it("refuses a file that is not ONNX, naming it", () => {
    expect(() => decodeModel(new Uint8Array([1, 2, 3, 4, 5]), "junk.onnx")).toThrow(/^junk\.onnx: /);
  });
});

describe("OnnxEngine on an NHWC model", () => {
  it("feeds NHWC as is and pools NHWC maps per channel", async () => {
    const engine = await createEngine({ engine: "onnx", source: { kind: "file", path: file }, threads: 1 });
    try {
      expect(engine.inputShape).toEqual([4, 4, 3]);
      expect(engine.head).toBeNull();
      expect(engine.listLayers().map((l) => [l.name, l.outputShape])).toEqual([
        ["x", [null, 4, 4, 3]],
        ["relu", [null, 4, 4, 3]],
        ["scaled", [null, 4, 4, 3]],
      ]);
      // Pixel p (0..15), channel k: value p - 8 + k. relu keeps max(0, .); its mean over the 16 pixels
      // is sum_{p} max(0, p - 8 + k) / 16 = (T(7 + k)) / 16 with T(m) = m (m + 1) / 2.
      const x = Float32Array.from({ length: 48 }, (_, i) => Math.floor(i / 3) - 8 + (i % 3));
      const out = await engine.extract(x, 1, ["relu", "scaled"]);
      const tri = (m: number) => (m * (m + 1)) / 2;
      const relu = [0, 1, 2].map((k) => tri(7 + k) / 16);
      expect(Array.from(out.get("relu")!.data)).toEqual(relu);
      expect(Array.from(out.get("scaled")!.data)).toEqual(relu.map((v, k) => v * (k + 1)));
      const max = await engine.extract(x, 1, ["relu"], "max");
      expect(Array.from(max.get("relu")!.data)).toEqual([7, 8, 9]); // p = 15: 15 - 8 + k
    } finally {
      await engine.dispose();
    }
  });

  it("preflight names a missing file", async () => {
    await expect(
      preflightEngineSpec({ engine: "onnx", source: { kind: "file", path: path.join(dir, "missing.onnx") } }),
    ).rejects.toThrow(/missing\.onnx: no such ONNX file/);
  });
});
