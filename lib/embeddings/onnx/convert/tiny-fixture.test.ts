/**
 * The seeded tiny model of lib/embeddings/tfjs/test-fixtures.ts (ZeroPadding2D, a valid stride-2 conv,
 * BatchNormalization, ReLU6, DepthwiseConv2D, Add, a Reshape to rank 3, Flatten, softmax Dense) on
 * onnxruntime against TF.js, every layer. Tolerance 1e-4 (values stay within a few units here; see
 * bundled-models.test.ts for why float32 summation order allows that much).
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf } from "../../tfjs/backend";
import { tinyBatch, tinyModel } from "../../tfjs/test-fixtures";
import { convertLayersModel } from "./index";
import { compareLayers } from "./test-support";

let model: tf.LayersModel;
beforeAll(async () => {
  await initTf("cpu");
  model = tinyModel(7);
});
afterAll(() => model?.dispose());

describe("tiny fixture model", () => {
  it("reports each layer's layout from its rank", () => {
    const layouts = Object.fromEntries(convertLayersModel(model).layers.map((l) => [l.name, l.layout]));
    expect(layouts).toEqual({
      ident: "nchw",
      pad: "nchw",
      conv: "nchw",
      conv_bn: "nchw",
      conv_relu: "nchw",
      dw: "nchw",
      dw_bn: "nchw",
      dw_relu: "nchw",
      add: "nchw",
      reshape: "other",
      flat: "nc",
      probs: "nc",
    });
  });

  it("reads the weights without leaving tensors behind", () => {
    const before = tf.memory().numTensors;
    convertLayersModel(model);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("equals TF.js on every layer", async () => {
    const n = 5;
    const rows = await compareLayers(model, convertLayersModel(model), tinyBatch(n, 11), n);
    expect(rows).toHaveLength(12);
    for (const r of rows) expect(r.diff, r.name).toBeLessThanOrEqual(1e-4 * Math.max(1, r.scale));
  });
});
