/**
 * The four models in public/models, converted and run on onnxruntime, against TF.js (wasm) on real
 * inputs: held-out MNIST digits, Colored-MNIST digits, State of the Union passages. Every layer is
 * compared.
 *
 * Tolerance: |ORT - TF.js| <= 1e-4 * max(1, max |TF.js value| of the layer). Both compute in float32
 * but sum in different orders (XNNPACK vs MLAS kernels, BatchNorm folded or not), so each output
 * differs by a few float32 roundings of its partial sums; a rounding error is relative (2^-24 of the
 * value), so the bound is 1e-4 absolute for layers within [-1, 1] and 1e-4 relative to the layer's
 * largest value above that (bow-sotu's `features` reaches about 120, where one float32 step is 7.6e-6).
 * A wrong layout, padding or weight order gives differences of the order of the values themselves.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoFiles, readDemoMeta } from "@/lib/datasets/demo";
import { encodeBow } from "@/lib/text/bow";
import { parseTextCsv } from "@/lib/text/csv";
import { initTf } from "../../tfjs/backend";
import { type LoadedModel, loadModelDir } from "../../tfjs/load";
import { convertLayersModel } from "./index";
import { compareLayers } from "./test-support";

const DEMO = path.resolve("public/demo");
const N = 8;

/** N images of a demo dataset (every 97th, so several classes), scaled to [0, 1] like the models' preprocessing. */
function demoImages(name: "mnist-0-4" | "colored-mnist-source"): Float32Array {
  const meta = readDemoMeta(DEMO, name);
  const { pixels } = loadDemoFiles(DEMO, meta);
  const per = meta.image!.width * meta.image!.height * meta.image!.channels;
  const out = new Float32Array(N * per);
  for (let i = 0; i < N; i++) {
    const start = i * 97 * per;
    for (let j = 0; j < per; j++) out[i * per + j] = pixels![start + j]! / 255;
  }
  return out;
}

/** N State of the Union passages (both eras) encoded the way the model was trained (meta.json). */
function sotuVectors(dir: string): Float32Array {
  const take = (file: string) =>
    parseTextCsv(readFileSync(path.join(DEMO, "sotu", file)), { file })
      .rows.slice(0, N / 2)
      .map((r) => r.text);
  const vocab = JSON.parse(readFileSync(path.join(dir, "vocab.json"), "utf8")) as string[];
  return encodeBow([...take("source.csv"), ...take("target.csv")], vocab, "log1p-l2");
}

const loaded: LoadedModel[] = [];
beforeAll(async () => {
  await initTf("wasm");
});
afterAll(() => {
  for (const m of loaded) m.model.dispose();
});

async function check(slug: string, x: Float32Array, expectedClasses: string[]) {
  const dir = path.resolve("public/models", slug);
  const m = await loadModelDir(dir);
  loaded.push(m);
  const model = m.model as tf.LayersModel;
  const converted = convertLayersModel(model);
  // Every layer but the InputLayer, in the model's order, with TF.js's names and shapes.
  const own = model.layers.filter((l) => l.getClassName() !== "InputLayer");
  expect(converted.layers.map((l) => l.name)).toEqual(own.map((l) => l.name));
  expect(converted.layers.map((l) => l.className)).toEqual(expectedClasses);
  for (const l of converted.layers) expect(l.layout).toBe(l.outputShape.length === 4 ? "nchw" : "nc");
  const rows = await compareLayers(model, converted, x, N);
  for (const r of rows) expect(r.diff, `${slug} ${r.name}`).toBeLessThanOrEqual(1e-4 * Math.max(1, r.scale));
  return rows;
}

describe("bundled models on onnxruntime equal TF.js layer by layer", () => {
  it("mnist-cnn-0to4 on held-out MNIST digits", async () => {
    const classes = ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"];
    await check("mnist-cnn-0to4", demoImages("mnist-0-4"), classes);
  });

  it("colored-mnist-cnn on Colored-MNIST digits (3 channels)", async () => {
    const classes = ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"];
    await check("colored-mnist-cnn", demoImages("colored-mnist-source"), classes);
  });

  it("mnist-dae (Flatten straight on the NHWC input) on MNIST digits", async () => {
    const rows = await check("mnist-dae", demoImages("mnist-0-4"), [
      "Flatten",
      "Dense",
      "Dense",
      "Dense",
      "Dense",
    ]);
    // Flatten of the input is a pure copy: bit-identical.
    expect(rows[0]!.diff).toBe(0);
  });

  it("bow-sotu on State of the Union passages", async () => {
    await check("bow-sotu", sotuVectors(path.resolve("public/models/bow-sotu")), ["Dense", "Dense", "Dense"]);
  });
});
