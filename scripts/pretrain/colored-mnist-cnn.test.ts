/**
 * The Colored-MNIST source model: its data plumbing (demo files -> arrays, held-out rule), the
 * shipped weights against their meta.json (hash, layers, every recorded accuracy recomputed), the
 * input path of the app giving the very values it was trained on, and seeded reproducibility.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoFiles, readDemoMeta } from "@/lib/datasets/demo";
import type { EngineSpec } from "@/lib/embeddings/engine/create";
import { prepareBatch } from "@/lib/embeddings/input/prepare";
import { REPO_ROOT } from "./cli-args";
import {
  COLORED_DEFAULTS,
  type ColoredModelMeta,
  type ColoredSet,
  coloredAccuracy,
  leakageOnSet,
  loadColoredDemo,
  NAME,
  PIXELS,
  SOURCE_DEMO,
  splitHeldOut,
  subset,
  TARGET_DEMO,
  trainColoredCnn,
} from "./colored-mnist-cnn";
import { loadModelFromDir, weightsSha256 } from "./fs-io";
import { initWasm, tf } from "./tf-setup";

const DEMO_DIR = path.join(REPO_ROOT, "public/demo");
const MODEL_DIR = path.join(REPO_ROOT, "public/models", NAME);

describe("splitHeldOut", () => {
  it("holds out the k-th sample of each digit when k % every === every - 1, in file order", () => {
    // Worked by hand: digit 0 sits at rows 0-3, 6, 8 (its k = 0..5), digit 1 at rows 4, 5, 7, 9, 10
    // (k = 0..4). every = 3 holds out k = 2 and 5: digit 0 rows 2 and 8, digit 1 row 7 (k = 2).
    const labels = [0, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1];
    const s = splitHeldOut(labels, 3);
    expect(Array.from(s.heldOut)).toEqual([2, 7, 8]);
    expect(Array.from(s.train)).toEqual([0, 1, 3, 4, 5, 6, 9, 10]);
  });

  it("rejects a bad rule or degenerate labels, naming the argument", () => {
    expect(() => splitHeldOut([0, 1, 2], 1)).toThrow(/every/);
    expect(() => splitHeldOut([0], 5)).toThrow(/labels/);
    expect(() => splitHeldOut([0, Number.NaN], 5)).toThrow(/labels\[1\]/);
  });
});

describe("the Colored-MNIST demo files as the model reads them", () => {
  let source: ColoredSet;
  let target: ColoredSet;
  beforeAll(() => {
    source = loadColoredDemo(SOURCE_DEMO, DEMO_DIR);
    target = loadColoredDemo(TARGET_DEMO, DEMO_DIR);
  });

  it("source: 200 per digit, exactly 190 of them in their own colour; target: 10 per digit x colour", () => {
    // public/demo/README.md: the source takes round(0.95 x 200) = 190 aligned samples per digit;
    // the target deals each digit's 100 samples round-robin over the ten colours, 10 per cell.
    expect(source.n).toBe(2000);
    for (let d = 0; d < 10; d++) {
      const rows: number[] = [];
      source.y.forEach((v, i) => {
        if (v === d) rows.push(i);
      });
      expect(rows).toHaveLength(200);
      expect(rows.filter((i) => source.colour[i] === d && source.aligned[i] === 1)).toHaveLength(190);
    }
    const cells = new Map<string, number>();
    for (let i = 0; i < target.n; i++) {
      const k = `${target.y[i]}-${target.colour[i]}`;
      cells.set(k, (cells.get(k) ?? 0) + 1);
    }
    expect(cells.size).toBe(100);
    expect([...cells.values()].every((c) => c === 10)).toBe(true);
  });

  it("maps pixel bytes p to p / 255 in HWC order", () => {
    // Independent reference: the raw bytes of pixels.u8.gz divided by 255 in float64.
    const { pixels } = loadDemoFiles(DEMO_DIR, readDemoMeta(DEMO_DIR, TARGET_DEMO));
    expect(target.x.length).toBe(pixels!.length);
    let maxErr = 0;
    for (let i = 0; i < pixels!.length; i += 7)
      maxErr = Math.max(maxErr, Math.abs(target.x[i]! - pixels![i]! / 255));
    expect(maxErr).toBeLessThan(1e-7); // float32 rounding of values in [0, 1]: half an ulp at 1 is 6e-8
  });

  it("splits the source 1600 / 400, 40 held out per digit", () => {
    // 200 samples per digit, k = 0..199, k % 5 === 4 for 40 of them.
    const s = splitHeldOut(source.y);
    expect(s.train.length).toBe(1600);
    expect(s.heldOut.length).toBe(400);
    for (let d = 0; d < 10; d++)
      expect(Array.from(s.heldOut).filter((i) => source.y[i] === d)).toHaveLength(40);
  });

  it("subset rejects an index outside the set", () => {
    expect(() => subset(target, [0, target.n])).toThrow(/index 1000/);
  });
});

describe("colored-mnist-cnn as shipped", () => {
  const meta = JSON.parse(readFileSync(path.join(MODEL_DIR, "meta.json"), "utf8")) as ColoredModelMeta;
  let model: tf.LayersModel;
  let source: ColoredSet;
  let target: ColoredSet;
  let before = 0;
  beforeAll(async () => {
    await initWasm();
    before = tf.memory().numTensors;
    model = await loadModelFromDir(MODEL_DIR);
    source = loadColoredDemo(SOURCE_DEMO, DEMO_DIR);
    target = loadColoredDemo(TARGET_DEMO, DEMO_DIR);
  });
  afterAll(() => {
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("matches its meta.json: weights hash, input, layers, card", () => {
    const bin = readFileSync(path.join(MODEL_DIR, "weights.bin"));
    expect(createHash("sha256").update(bin).digest("hex")).toBe(meta.weights.sha256);
    expect(bin.length).toBe(meta.weights.bytes);
    expect((model.inputs[0]!.shape as number[]).slice(1)).toEqual([28, 28, 3]);
    expect(meta.inputShape).toEqual([28, 28, 3]);
    expect(model.layers.map((l) => l.name)).toEqual([
      "conv1",
      "pool1",
      "conv2",
      "pool2",
      "flatten",
      "features",
      "head",
    ]);
    expect(meta.layers).toEqual(["pool1", "pool2", "features", "head"]);
    for (const p of meta.splitPoints)
      expect((model.getLayer(p.name).outputShape as number[]).slice(1)).toEqual(p.outputShape);
    expect(meta.sourceDataset.cardId).toBe("colored-mnist");
    expect(meta.preprocessing.channels).toBe(3);
  });

  it("reproduces the recorded held-out and target accuracies exactly; the target drop shows the shortcut", () => {
    const heldOut = subset(source, splitHeldOut(source.y).heldOut);
    const h = coloredAccuracy(model, heldOut);
    const t = coloredAccuracy(model, target);
    expect(h.count).toBe(meta.trainingData.heldOutCount);
    expect(h.correct).toBe(meta.heldOutCorrect);
    expect(h.accuracy).toBe(meta.heldOutAccuracy);
    expect(t.correct).toBe(meta.targetCorrect);
    expect(t.accuracy).toBe(meta.targetAccuracy);
    // A colour-reliant model is right on bias-aligned samples and often wrong on conflicting ones
    // (Kim et al. 2019, Table 1: biased baselines lose most accuracy on unbiased test data).
    // Recorded at 5 epochs: held-out 0.95, target 0.583; a drop of 0.2 or more is the property.
    expect(h.accuracy! - t.accuracy!).toBeGreaterThan(0.2);
    expect(t.biasAligned.accuracy!).toBeGreaterThan(t.biasConflicting.accuracy! + 0.2);
  });

  it("reproduces the recorded colour leakage on the target, far above chance and random weights", async () => {
    const spec: EngineSpec = { engine: "tfjs", source: { kind: "dir", dir: MODEL_DIR } };
    const trained = await leakageOnSet(spec, target);
    const random = await leakageOnSet(
      {
        engine: "tfjs",
        source: { kind: "random-init", base: { kind: "dir", dir: MODEL_DIR }, seed: meta.seed },
      },
      target,
    );
    const rec = meta.colourLeakageOnTarget as {
      trained: { colour: number; digit: number };
      randomInit: { colour: number; digit: number };
    };
    // meta.json rounds to 4 decimals.
    expect(trained.colour).toBeCloseTo(rec.trained.colour, 4);
    expect(trained.digit).toBeCloseTo(rec.trained.digit, 4);
    expect(random.colour).toBeCloseTo(rec.randomInit.colour, 4);
    expect(random.digit).toBeCloseTo(rec.randomInit.digit, 4);
    expect(trained.chance).toBe(0.1); // ten colours, constant predictor: balanced accuracy 1/10
    expect(trained.colour).toBeGreaterThan(random.colour);
  });

  it("gets the same input from lib/embeddings/input as it was trained on (PNG round trip)", async () => {
    // The app stores each demo image as a PNG and maps it with meta.preprocessing: the floats must
    // be bit-identical to the training arrays.
    const n = 16;
    const items = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const bytes = Uint8Array.from(target.x.subarray(i * PIXELS, (i + 1) * PIXELS), (v) =>
          Math.round(v * 255),
        );
        const png = await sharp(Buffer.from(bytes), { raw: { width: 28, height: 28, channels: 3 } })
          .png()
          .toBuffer();
        return { id: `t${i}`, bytes: new Uint8Array(png) };
      }),
    );
    const batch = await prepareBatch(items, meta.preprocessing);
    expect(batch.skipped).toEqual([]);
    expect(Array.from(batch.data)).toEqual(Array.from(target.x.subarray(0, n * PIXELS)));
  });
});

describe("training is reproducible on wasm", () => {
  beforeAll(initWasm);

  it("same seed gives the same weights hash, another seed another; no tensor left behind; bad input throws", async () => {
    const source = loadColoredDemo(SOURCE_DEMO, DEMO_DIR);
    const small = subset(
      source,
      Array.from({ length: 64 }, (_, i) => i * 31),
    );
    const before = tf.memory().numTensors;
    const hash = async (seed: number) => {
      const r = await trainColoredCnn({ ...COLORED_DEFAULTS, seed, maxSteps: 3, batchSize: 16 }, small);
      const h = weightsSha256(r.model);
      r.model.dispose();
      return h;
    };
    const a = await hash(7);
    const b = await hash(7);
    const c = await hash(8);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(tf.memory().numTensors).toBe(before);
    await expect(trainColoredCnn(COLORED_DEFAULTS, subset(small, [0]))).rejects.toThrow(/train has 1/);
    await expect(trainColoredCnn({ ...COLORED_DEFAULTS, batchSize: 0 }, small)).rejects.toThrow(/batchSize/);
  });
});
