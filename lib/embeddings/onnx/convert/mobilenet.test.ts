/**
 * The bundled Keras MobileNetV2 (nsfwjs 4.4.0), converted and run on onnxruntime, against TF.js
 * (wasm) on real images: Colored-MNIST and Fashion-MNIST pictures upscaled to 224x224 (bilinear,
 * sharp), scaled to [0, 1] as the model's preprocessing says. All 161 layers are compared, in a few
 * sessions so fewer activations are alive at once.
 *
 * Tolerance as in bundled-models.test.ts: 1e-4 * max(1, the layer's largest |value|). MobileNetV2's
 * un-clipped layers (BatchNorm outputs before ReLU6, the linear bottlenecks) reach values near 100,
 * where float32 itself steps by 7.6e-6 and summation-order differences of a 960-term 1x1 convolution
 * reach 1e-4 absolute; the ReLU6 layers stay within [0, 6].
 */
import path from "node:path";
import type * as tf from "@tensorflow/tfjs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoFiles, readDemoMeta } from "@/lib/datasets/demo";
import { initTf } from "../../tfjs/backend";
import type { LoadedModel } from "../../tfjs/load";
import { loadMobileNetV2 } from "../../tfjs/mobilenet";
import { type ConvertedModel, convertLayersModel } from "./index";
import { onnx } from "./proto";
import { compareLayers } from "./test-support";

const DEMO = path.resolve("public/demo");
const SIZE = 224;

/** The k-th image of a demo dataset as RGB 224x224 in [0, 1] (grey images repeated over RGB). */
async function upscaled(name: "colored-mnist-source" | "fashion-mnist", k: number): Promise<Float32Array> {
  const meta = readDemoMeta(DEMO, name);
  const { pixels } = loadDemoFiles(DEMO, meta);
  const { width, height, channels } = meta.image!;
  const per = width * height * channels;
  const raw = Buffer.from(pixels!.subarray(k * per, (k + 1) * per));
  const rgb = await sharp(raw, { raw: { width, height, channels: channels as 1 | 3 } })
    .toColourspace("srgb")
    .resize(SIZE, SIZE, { kernel: "linear" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (rgb.info.channels !== 3) throw new Error(`${name} #${k}: resized to ${rgb.info.channels} channels`);
  return Float32Array.from(rgb.data, (v) => v / 255);
}

let m: LoadedModel;
let model: tf.LayersModel;
let converted: ConvertedModel;
let x: Float32Array;
const N = 3;

beforeAll(async () => {
  await initTf("wasm");
  m = await loadMobileNetV2();
  model = m.model as tf.LayersModel;
  converted = convertLayersModel(model);
  const images = [
    await upscaled("colored-mnist-source", 0),
    await upscaled("colored-mnist-source", 1234),
    await upscaled("fashion-mnist", 7),
  ];
  x = new Float32Array(N * SIZE * SIZE * 3);
  for (const [i, img] of images.entries()) x.set(img, i * img.length);
});
afterAll(() => {
  m?.model.dispose();
});

describe("MobileNetV2 converted to ONNX", () => {
  it("keeps the contract: NHWC input 'input' [N,224,224,3], opset >= 13, 161 named layers", () => {
    const proto = onnx.ModelProto.decode(converted.onnx);
    expect(Number(proto.opsetImport[0]?.version)).toBeGreaterThanOrEqual(13);
    const input = proto.graph!.input![0]!;
    expect(input.name).toBe("input");
    const dims = input.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect(dims).toEqual(["N", 224, 224, 3]);
    expect(converted.inputShape).toEqual([224, 224, 3]);
    // 162 Keras layers (mobilenet.test.ts) minus the InputLayer, each with a tensor of its own name.
    expect(converted.layers).toHaveLength(161);
    expect(converted.layers.map((l) => l.name)).toEqual(model.layers.slice(1).map((l) => l.name));
    expect(converted.layers.every((l) => l.tensor === l.name)).toBe(true);
    const by = new Map(converted.layers.map((l) => [l.name, l]));
    expect(by.get("block_6_expand_relu")).toMatchObject({ layout: "nchw", outputShape: [null, 28, 28, 192] });
    expect(by.get("flatten_1")).toMatchObject({ layout: "nc", outputShape: [null, 1280] });
    // The only model output is the softmax head.
    expect(proto.graph!.output!.map((o) => o.name)).toEqual(["dense_3"]);
  });

  it("equals TF.js on every layer for three real images", async () => {
    const names = converted.layers.map((l) => l.name);
    const rows: { name: string; diff: number; scale: number }[] = [];
    for (let i = 0; i < names.length; i += 41)
      rows.push(...(await compareLayers(model, converted, x, N, names.slice(i, i + 41))));
    expect(rows).toHaveLength(161);
    for (const r of rows) expect(r.diff, r.name).toBeLessThanOrEqual(1e-4 * Math.max(1, r.scale));
  });
});
