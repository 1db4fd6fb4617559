/** Layers without an ONNX mapping are refused by name, before any graph is produced. */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initTf } from "../../tfjs/backend";
import { convertLayersModel, UnsupportedLayerError } from "./index";

beforeAll(async () => {
  await initTf("cpu");
});

function refusal(model: tf.LayersModel): UnsupportedLayerError {
  try {
    convertLayersModel(model);
  } catch (e) {
    return e as UnsupportedLayerError;
  } finally {
    model.dispose();
  }
  throw new Error("convertLayersModel accepted the model");
}

describe("UnsupportedLayerError", () => {
  it("names an LSTM layer and its class", () => {
    const model = tf.sequential({
      layers: [
        tf.layers.lstm({ name: "my_lstm", inputShape: [5, 3], units: 4 }),
        tf.layers.dense({ name: "out", units: 2 }),
      ],
    });
    const e = refusal(model);
    expect(e).toBeInstanceOf(UnsupportedLayerError);
    expect(e.layerName).toBe("my_lstm");
    expect(e.className).toBe("LSTM");
    expect(e.message).toMatch(/"my_lstm" \(LSTM\)/);
  });

  it("names a Conv2DTranspose in the middle of a conv stack", () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ name: "c1", inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }),
        tf.layers.conv2dTranspose({ name: "up", filters: 2, kernelSize: 3 }),
      ],
    });
    const e = refusal(model);
    expect(e).toBeInstanceOf(UnsupportedLayerError);
    expect(e.message).toMatch(/"up" \(Conv2DTranspose\)/);
  });

  it("names a supported class with an unsupported setting (an activation without a mapping)", () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ name: "d", inputShape: [4], units: 2, activation: "gelu_new" })],
    });
    const e = refusal(model);
    expect(e).toBeInstanceOf(UnsupportedLayerError);
    expect(e.message).toMatch(/"d" \(Dense\).*gelu_new/);
  });
});
