import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { createRng } from "@/lib/metrics/stats/rng";
import { BOW_LAYER_NAMES, bowModelFiles, predictClasses, sha256Hex, trainBowModel } from "./bow-model";

/**
 * Synthetic bags of words: class c draws most of its words from block c of the input, so the
 * classes are linearly separable by construction and a working trainer must separate them.
 */
function synthetic(rows: number, inputSize: number, classes: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float32Array(rows * inputSize);
  const y = new Int32Array(rows);
  const block = Math.floor(inputSize / classes);
  for (let i = 0; i < rows; i++) {
    const c = rng.int(classes);
    y[i] = c;
    for (let k = 0; k < 8; k++) {
      const j = rng.next() < 0.8 ? c * block + rng.int(block) : rng.int(inputSize);
      x[i * inputSize + j]! += 1;
    }
  }
  return { x, y };
}

const architecture = { inputSize: 60, hidden: 16, features: 8, classes: 3 };
const base = {
  architecture,
  train: synthetic(240, 60, 3, 1),
  heldOut: synthetic(90, 60, 3, 2),
  epochs: 4,
  batchSize: 32,
  learningRate: 0.01,
  l2: 1e-4,
};

describe("trainBowModel", () => {
  it("is reproducible: same seed, same weights hash; another seed, another hash", async () => {
    const before = tf.memory().numTensors;
    const a = await trainBowModel({ ...base, seed: 7 });
    const b = await trainBowModel({ ...base, seed: 7 });
    const c = await trainBowModel({ ...base, seed: 8 });
    expect(a.weightsHash).toBe(b.weightsHash);
    expect(a.weightsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(c.weightsHash).not.toBe(a.weightsHash);
    expect(a.lossHistory).toEqual(b.lossHistory);
    // No tensor survives training.
    expect(tf.memory().numTensors).toBe(before);
    // 60*16+16 + 16*8+8 + 8*3+3 = 976 + 136 + 27 parameters.
    expect(a.parameterCount).toBe(1139);
    expect(a.artifacts.weightData.byteLength).toBe(1139 * 4);
  });

  it("learns a separable task and saves a model that reloads to the same predictions", async () => {
    const t = await trainBowModel({ ...base, seed: 3, epochs: 12 });
    // 80% of each row's words come from its class block, so held-out accuracy far above chance (1/3).
    expect(t.heldOut!.accuracy).toBeGreaterThan(0.9);
    expect(t.lossHistory.at(-1)!).toBeLessThan(t.lossHistory[0]!);

    const files = bowModelFiles(t.artifacts);
    const json = JSON.parse(files.modelJson);
    expect(json.weightsManifest[0].paths).toEqual(["weights.bin"]);
    expect(sha256Hex(files.weights)).toBe(t.weightsHash);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: files.weights.slice().buffer,
      }),
    );
    const before = tf.memory().numTensors;
    expect(Array.from(predictClasses(model, base.heldOut.x, 60))).toEqual(Array.from(t.heldOut!.predictions));
    expect(model.getLayer(BOW_LAYER_NAMES.features).outputShape).toEqual([null, 8]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("rejects mismatched or degenerate data", async () => {
    await expect(
      trainBowModel({ ...base, seed: 1, train: { x: new Float32Array(61), y: new Int32Array(1) } }),
    ).rejects.toThrow(/train.x: length 61 is not a multiple of inputSize 60/);
    await expect(
      trainBowModel({ ...base, seed: 1, train: { x: new Float32Array(120), y: new Int32Array(3) } }),
    ).rejects.toThrow(/train: 2 rows of x but 3 labels/);
    const bad = { x: new Float32Array(120), y: new Int32Array([0, 5]) };
    await expect(trainBowModel({ ...base, seed: 1, train: bad })).rejects.toThrow(
      /train.y: label 5 at row 1 outside 0..2/,
    );
    const nan = { x: new Float32Array(120).fill(Number.NaN), y: new Int32Array(2) };
    await expect(trainBowModel({ ...base, seed: 1, train: nan })).rejects.toThrow(
      /train.x: non-finite value at row 0/,
    );
    await expect(trainBowModel({ ...base, seed: 1, epochs: 0 })).rejects.toThrow(/epochs/);
    await expect(
      trainBowModel({ ...base, seed: 1, architecture: { ...architecture, classes: 1 } }),
    ).rejects.toThrow(/classes/);
  });
});
