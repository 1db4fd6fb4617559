import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { ModelArtifacts } from "@/lib/embeddings/tfjs/load";
import { BAR_CLASSES, bars, pretrainedBarModel } from "./test-fixtures";
import { initTraining } from "./tf-training";
import { runVerification, type VerificationResult } from "./verify";

let source: ModelArtifacts;
/** Target task: 3-pixel bars on noise sd 0.25 (the source saw 5-pixel bars on sd 0.2): see test-fixtures.ts. */
const target = bars(48, 99, 3, 0.25);
const test = bars(400, 123, 3, 0.25);

beforeAll(async () => {
  await initTraining("wasm");
  source = await pretrainedBarModel();
}, 120_000);

/** A small budget: the assertions below are about bookkeeping, not about converged accuracies. */
const quick = { minSteps: 20, maxSteps: 60, patience: 2, patienceSteps: 10, minEpochSteps: 5 };

function strip(r: VerificationResult) {
  return r.runs.map(({ seconds: _s, ...rest }) => rest);
}

describe("runVerification", () => {
  it("frozen pretrained features beat training from scratch with one training image per class", async () => {
    // Why this must hold: at fraction 0.2 each class keeps max(2, round(0.2 * 12)) = 2 samples, one to
    // train and one to validate, so scratch learns a CNN from 4 images and can do little better than
    // chance (0.25), while the pretrained extractor already detects the four orientations (its own
    // head scores about 0.8 on this target zero-shot). On 400 test images the Wilson half-widths are
    // about 0.05, so the two intervals must not overlap.
    const r = await runVerification({
      model: { kind: "artifacts", artifacts: source },
      splitLayer: "feat",
      x: target.x,
      y: target.y,
      classes: BAR_CLASSES,
      test,
      fractions: [0.2],
      strategies: ["frozen", "scratch"],
      minSteps: 100,
      maxSteps: 200,
    });
    const frozen = r.runs.find((x) => x.strategy === "frozen")!;
    const scratch = r.runs.find((x) => x.strategy === "scratch")!;
    expect(frozen.trainSize).toBe(4);
    expect(frozen.testSize).toBe(400);
    expect(frozen.low).toBeGreaterThan(scratch.high);
  }, 120_000);

  it("is reproducible for a seed, frees every tensor, and reports progress and curves", async () => {
    const progress: string[] = [];
    const opts = {
      model: { kind: "artifacts" as const, artifacts: source },
      splitLayer: "conv2",
      x: target.x,
      y: target.y,
      classes: BAR_CLASSES,
      fractions: [0.5],
      seed: 5,
      ...quick,
    };
    const before = tf.memory().numTensors;
    const a = await runVerification({
      ...opts,
      onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.strategy}`),
    });
    expect(tf.memory().numTensors).toBe(before);
    const b = await runVerification(opts);
    expect(tf.memory().numTensors).toBe(before);
    expect(strip(b)).toEqual(strip(a));
    expect(progress).toEqual(["1/3 frozen", "2/3 fine_tune", "3/3 scratch"]);
    // 48 samples, 12 per class: test round(0.25 * 12) = 3 per class; pool 9; fraction 0.5 -> round(4.5) = 5
    // (round half up), validation max(1, round(1)) = 1, so 4 train per class.
    expect(a.runs.map((r) => [r.testSize, r.trainSize, r.validationSize])).toEqual([
      [12, 16, 4],
      [12, 16, 4],
      [12, 16, 4],
    ]);
    for (const r of a.runs) {
      expect(r.curve[0]!.epoch).toBe(0);
      expect(r.curve.length).toBe(r.epochs + 1);
      expect(r.low).toBeLessThanOrEqual(r.accuracy);
      expect(r.high).toBeGreaterThanOrEqual(r.accuracy);
      // Accuracy is correct / testSize exactly.
      expect(r.accuracy).toBe(r.correct / r.testSize);
    }
    // Fine-tuning uses a tenth of the head's learning rate (1e-2 x 0.1); scratch Adam's default 1e-3.
    const ft = a.runs.find((r) => r.strategy === "fine_tune")!;
    const fz = a.runs.find((r) => r.strategy === "frozen")!;
    expect(ft.learningRate).toBeCloseTo(1e-3, 12);
    expect(fz.learningRate).toBeCloseTo(1e-2, 12);
    expect([5e-4, 5e-3, 5e-2]).toContain(fz.headL2);
    // Fine-tuning starts where the frozen head ended: the same function (the standardisation folded
    // into the weights, models.ts copyHead), so the same validation loss at its epoch 0.
    expect(ft.curve[0]!.valLoss).toBeCloseTo(fz.curve[fz.curve.length - 1]!.valLoss, 4);
    expect(a.featureDim).toBe(8); // conv2 has 8 filters; its 4x4 map is averaged away
    const c = await runVerification({ ...opts, seed: 6 });
    expect(strip(c)).not.toEqual(strip(a));
  }, 180_000);

  it("trains only the frozen head above the parameter cap, and says why", async () => {
    const r = await runVerification({
      model: { kind: "artifacts", artifacts: source },
      splitLayer: "feat",
      x: target.x,
      y: target.y,
      classes: BAR_CLASSES,
      fractions: [1],
      maxTrainParams: 100,
      ...quick,
    });
    expect(r.runs.map((x) => x.strategy)).toEqual(["frozen"]);
    expect(r.skipped.map((s) => s.strategy)).toEqual(["fine_tune", "scratch"]);
    // conv1 3*3*1*8 + 8 = 80, conv2 3*3*8*8 + 8 = 584, feat (4*4*8)*16 + 16 = 2064: 2,728 weight values.
    expect(r.extractorParams).toBe(2728);
    expect(r.skipped[0]!.reason).toContain("2,728 weight values, above the 100 cap");
  }, 60_000);

  it("names the bad argument", async () => {
    const base = {
      model: { kind: "artifacts" as const, artifacts: source },
      splitLayer: "feat",
      x: target.x,
      y: target.y,
      classes: BAR_CLASSES,
    };
    await expect(runVerification({ ...base, splitLayer: "nope" })).rejects.toThrow(
      "splitLayer: 'nope' is not a layer of the model",
    );
    await expect(runVerification({ ...base, x: target.x.subarray(1) })).rejects.toThrow("x/y.x: 3071 values");
    const y = Int32Array.from(target.y);
    y[3] = 7;
    await expect(runVerification({ ...base, y })).rejects.toThrow(
      "x/y.y[3] = 7 is not a class index in 0..3",
    );
    const x = Float32Array.from(target.x);
    x[10] = Number.NaN;
    await expect(runVerification({ ...base, x })).rejects.toThrow("x/y.x[10] is NaN");
    await expect(runVerification({ ...base, strategies: [] })).rejects.toThrow("strategies: none of");
    await expect(runVerification({ ...base, fractions: [0] })).rejects.toThrow(
      "fraction must be in (0, 1], got 0",
    );
  }, 60_000);
});
