/**
 * Tiny models whose outputs are worked out by hand below, run on onnxruntime only: they check the
 * padding, kernel-layout and flatten-order rules independently of TF.js. All values are small
 * integers or halves, exact in float32, so equality is exact.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initTf } from "../../tfjs/backend";
import { convertLayersModel } from "./index";
import { runOnnxLayers } from "./test-support";

beforeAll(async () => {
  await initTf("cpu");
});

/** The 3x3 single-channel image 1..9 row by row. */
const NINE = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);

function withWeights(model: tf.LayersModel, layer: string, values: tf.Tensor[]): tf.LayersModel {
  model.getLayer(layer).setWeights(values);
  tf.dispose(values);
  return model;
}

async function onnxOutput(model: tf.LayersModel, x: Float32Array, layer: string): Promise<number[]> {
  const converted = convertLayersModel(model);
  const out = await runOnnxLayers(converted, x, 1, [layer]);
  model.dispose();
  return Array.from(out.get(layer)!);
}

describe("TensorFlow 'same' padding is asymmetric: the extra row and column go at the bottom and right", () => {
  it("Conv2D 2x2, stride 2, same, on a 3x3 image", async () => {
    // out = ceil(3 / 2) = 2 per side; total pad = (2 - 1) * 2 + 2 - 3 = 1, all of it after (bottom/right).
    // Kernel [[1, 10], [100, 1000]] (rows y, columns x) tags each tap; bias 0.5. Windows over the
    // padded 4x4 image (zeros in row 3 and column 3):
    //   (0,0): 1*1 + 2*10 + 4*100 + 5*1000 = 5421   (0,1): 3*1 + 6*100 = 603
    //   (1,0): 7*1 + 8*10 = 87                        (1,1): 9*1 = 9
    // Padding before instead (SAME_LOWER) would give 1000 at (0,0): 5 * 1000 only.
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          name: "conv",
          inputShape: [3, 3, 1],
          filters: 1,
          kernelSize: 2,
          strides: 2,
          padding: "same",
        }),
      ],
    });
    withWeights(model, "conv", [tf.tensor4d([1, 10, 100, 1000], [2, 2, 1, 1]), tf.tensor1d([0.5])]);
    expect(await onnxOutput(model, NINE, "conv")).toEqual([5421.5, 603.5, 87.5, 9.5]);
  });

  it("MaxPooling2D and AveragePooling2D 2x2, stride 2, same: padded cells are neither maxima nor counted", async () => {
    // Same windows as above. Max: {1,2,4,5} -> 5, {3,6} -> 6, {7,8} -> 8, {9} -> 9.
    // TensorFlow's avg_pool divides by the cells inside the image: 12/4 = 3, 9/2 = 4.5, 15/2 = 7.5, 9/1 = 9.
    const input = tf.input({ shape: [3, 3, 1] });
    const max = tf.layers
      .maxPooling2d({ name: "max", poolSize: 2, strides: 2, padding: "same" })
      .apply(input);
    const avg = tf.layers
      .averagePooling2d({ name: "avg", poolSize: 2, strides: 2, padding: "same" })
      .apply(input);
    const model = tf.model({ inputs: input, outputs: [max, avg] as tf.SymbolicTensor[] });
    const converted = convertLayersModel(model);
    const out = await runOnnxLayers(converted, NINE, 1, ["max", "avg"]);
    model.dispose();
    expect(Array.from(out.get("max")!)).toEqual([5, 6, 8, 9]);
    expect(Array.from(out.get("avg")!)).toEqual([3, 4.5, 7.5, 9]);
  });
});

describe("kernel layouts", () => {
  it("DepthwiseConv2D with depth multiplier 2: output channel c * 2 + m uses kernel [.., .., c, m]", async () => {
    // A 1x1 map with channels (1, 10); 1x1 depthwise kernel k[c][m] = [[2, 3], [5, 7]], no bias:
    // channel order (TensorFlow's depthwise_conv2d): c0m0 = 1*2, c0m1 = 1*3, c1m0 = 10*5, c1m1 = 10*7.
    const model = tf.sequential({
      layers: [
        tf.layers.depthwiseConv2d({
          name: "dw",
          inputShape: [1, 1, 2],
          kernelSize: 1,
          depthMultiplier: 2,
          useBias: false,
        }),
      ],
    });
    withWeights(model, "dw", [tf.tensor4d([2, 3, 5, 7], [1, 1, 2, 2])]);
    expect(await onnxOutput(model, Float32Array.from([1, 10]), "dw")).toEqual([2, 3, 50, 70]);
  });

  it("Conv2D kernel [kh, kw, in, out]: output o sums kernel[.., .., i, o] * input channel i", async () => {
    // 1x1 map, channels (1, 10); 1x1 kernel k[i][o] = [[1, 2, 3], [4, 5, 6]]:
    // out_o = 1 * k[0][o] + 10 * k[1][o] = (41, 52, 63).
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ name: "conv", inputShape: [1, 1, 2], filters: 3, kernelSize: 1, useBias: false }),
      ],
    });
    withWeights(model, "conv", [tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3])]);
    expect(await onnxOutput(model, Float32Array.from([1, 10]), "conv")).toEqual([41, 52, 63]);
  });
});

describe("Flatten after a convolution keeps the Keras (NHWC) order", () => {
  it("an identity 1x1 conv then Flatten returns the input values in their original order", async () => {
    // The conv forces an NCHW map inside the ONNX graph; Flatten must transpose it back so the flat
    // index is (h * W + w) * C + c, the input's own order. Input: 2x2x2 with values 0..7.
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ name: "ident", inputShape: [2, 2, 2], filters: 2, kernelSize: 1, useBias: false }),
        tf.layers.flatten({ name: "flat" }),
      ],
    });
    withWeights(model, "ident", [tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2])]);
    const x = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await onnxOutput(model, x, "flat")).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
