/**
 * Same seed -> same weights, bit for bit, on a reduced run (a few optimizer steps; the full
 * scripts were also run twice and compared, see the report). Also: no tensor is left behind.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadDigitSplit } from "./data";
import { weightsSha256 } from "./fs-io";
import { initWasm, tf } from "./tf-setup";
import { CNN_DEFAULTS, CNN_DIGITS, trainCnn } from "./train-cnn";
import { DAE_DEFAULTS, trainDae } from "./train-dae";

describe("pretraining is reproducible on wasm", () => {
  beforeAll(initWasm);
  const split = () => loadDigitSplit(CNN_DIGITS);

  async function cnnHash(seed: number): Promise<string> {
    const r = await trainCnn({ ...CNN_DEFAULTS, seed, maxSteps: 4 }, split());
    const h = weightsSha256(r.model);
    r.model.dispose();
    return h;
  }

  async function daeHash(seed: number): Promise<string> {
    const r = await trainDae({ ...DAE_DEFAULTS, seed, maxSteps: 4 }, split());
    const h = weightsSha256(r.model);
    r.model.dispose();
    return h;
  }

  it("CNN: same seed gives the same weights hash, another seed another hash", async () => {
    const before = tf.memory().numTensors;
    const a = await cnnHash(7);
    const b = await cnnHash(7);
    const c = await cnnHash(8);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("DAE: same seed gives the same weights hash, another seed another hash", async () => {
    const before = tf.memory().numTensors;
    const a = await daeHash(7);
    const b = await daeHash(7);
    const c = await daeHash(8);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("the wasm backend runs single-threaded here (the reason float sums come out in one order)", () => {
    expect(tf.getBackend()).toBe("wasm");
    expect(tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT")).toBe(false);
  });
});
