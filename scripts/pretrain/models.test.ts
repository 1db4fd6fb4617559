/**
 * The shipped weights in public/models/ are checked for real: loaded from disk with
 * tf.loadLayersModel (file-system IOHandler, no fetch), hashed against meta.json, and their
 * recorded held-out numbers recomputed on the held-out split.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMnistDigits, MNIST_PIXELS } from "@/lib/datasets/mnist-source";
import { prepareBatch } from "@/lib/embeddings/input/prepare";
import { REPO_ROOT } from "./cli-args";
import { loadDigitSplit } from "./data";
import { loadModelFromDir } from "./fs-io";
import { linearProbe } from "./linear-probe";
import type { SourceModelMeta } from "./meta";
import { initWasm, tf } from "./tf-setup";
import { accuracyOf, CNN_DIGITS, predictClasses } from "./train-cnn";
import { DAE_DIGITS, evaluateDae } from "./train-dae";

const dirOf = (name: string) => path.join(REPO_ROOT, "public/models", name);
const metaOf = (name: string) =>
  JSON.parse(readFileSync(path.join(dirOf(name), "meta.json"), "utf8")) as SourceModelMeta;

function checkFiles(name: string, meta: SourceModelMeta): void {
  const bin = readFileSync(path.join(dirOf(name), "weights.bin"));
  expect(createHash("sha256").update(bin).digest("hex")).toBe(meta.weights.sha256);
  expect(bin.length).toBe(meta.weights.bytes);
  const total = bin.length + statSync(path.join(dirOf(name), "model.json")).size;
  expect(total).toBeLessThan(2 * 1024 * 1024);
}

function checkLayers(model: tf.LayersModel, meta: SourceModelMeta): void {
  expect([...(model.inputs[0]!.shape as number[]).slice(1)]).toEqual(meta.inputShape);
  expect(meta.layers).toEqual(meta.splitPoints.map((p) => p.name));
  for (const l of meta.splitPoints) {
    const shape = (model.getLayer(l.name).outputShape as number[]).slice(1);
    expect(shape).toEqual(l.outputShape);
  }
}

describe("mnist-cnn-0to4 as shipped", () => {
  const meta = metaOf("mnist-cnn-0to4");
  let model: tf.LayersModel;
  let before = 0;
  beforeAll(async () => {
    await initWasm();
    before = tf.memory().numTensors;
    model = await loadModelFromDir(dirOf("mnist-cnn-0to4"));
  });
  afterAll(() => {
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("matches its meta.json: weights hash, size, layers", () => {
    checkFiles("mnist-cnn-0to4", meta);
    checkLayers(model, meta);
    expect(model.layers.map((l) => l.name)).toEqual([
      "conv1",
      "pool1",
      "conv2",
      "pool2",
      "flatten",
      "features",
      "head",
    ]);
    expect(meta.trainingData.digits).toEqual(CNN_DIGITS);
  });

  it("reproduces the recorded held-out accuracy exactly, and it is above 95 %", () => {
    const split = loadDigitSplit(CNN_DIGITS);
    expect(split.heldOut.n).toBe(meta.trainingData.heldOutCount);
    const acc = accuracyOf(model, split.heldOut, CNN_DIGITS);
    expect(acc.correct).toBe(meta.heldOutCorrect);
    expect(acc.accuracy).toBe(meta.heldOutAccuracy);
    expect(acc.accuracy).toBeGreaterThan(0.95);
  });

  it("gives the same predictions when its input comes through lib/embeddings/input", async () => {
    // The first 64 held-out digits, mapped from raw grey pixels with the model's own preprocessing.
    const split = loadDigitSplit(CNN_DIGITS);
    const { images } = loadMnistDigits();
    const n = 64;
    const items = Array.from(split.heldOut.source.subarray(0, n), (i) => ({
      id: `mnist#${i}`,
      grey: images.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS),
      width: 28,
      height: 28,
    }));
    const batch = await prepareBatch(items, meta.preprocessing);
    expect(batch.skipped).toEqual([]);
    expect(batch.summary.warnings).toEqual([]);
    const viaInput = predictClasses(model, {
      x: batch.data,
      y: new Int32Array(n),
      n,
      source: new Int32Array(n),
    });
    const direct = predictClasses(model, { ...split.heldOut, n });
    expect(Array.from(viaInput)).toEqual(Array.from(direct.subarray(0, n)));
  });
});

describe("mnist-dae as shipped", () => {
  const meta = metaOf("mnist-dae");
  let model: tf.LayersModel;
  let before = 0;
  beforeAll(async () => {
    await initWasm();
    before = tf.memory().numTensors;
    model = await loadModelFromDir(dirOf("mnist-dae"));
  });
  afterAll(() => {
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("matches its meta.json: weights hash, size, layers, no labels used", () => {
    checkFiles("mnist-dae", meta);
    checkLayers(model, meta);
    expect(meta.trainingData.labelsUsed).toBe(false);
    expect(meta.layers).toEqual(["enc1", "code"]);
    expect(meta.splitPoints[1]!.dim).toBe(64);
  });

  it("reproduces the recorded held-out reconstruction error, below the mean-image baseline", () => {
    const split = loadDigitSplit(DAE_DIGITS);
    const corruption = meta.corruption as { rate: number };
    const ev = evaluateDae(model, split, corruption.rate, meta.seed);
    const rec = meta.heldOutReconstruction as {
      cleanInput: { bce: number; mse: number };
      meanImageBaseline: { bce: number; mse: number };
    };
    // meta.json rounds to 5 decimals.
    expect(ev.clean.bce).toBeCloseTo(rec.cleanInput.bce, 5);
    expect(ev.clean.mse).toBeCloseTo(rec.cleanInput.mse, 5);
    expect(ev.meanImage.bce).toBeCloseTo(rec.meanImageBaseline.bce, 5);
    expect(ev.clean.bce).toBeLessThan(ev.meanImage.bce);
    expect(ev.clean.mse).toBeLessThan(ev.meanImage.mse);
  });

  it("reproduces the recorded linear-probe accuracy on the code layer", async () => {
    const split = loadDigitSplit(DAE_DIGITS);
    const probe = meta.linearProbe as { heldOutCorrect: number; epochs: number };
    const r = await linearProbe(
      model,
      "code",
      split.train,
      split.heldOut,
      DAE_DIGITS.length,
      meta.seed,
      probe.epochs,
    );
    expect(r.heldOutCorrect).toBe(probe.heldOutCorrect);
  });
});
