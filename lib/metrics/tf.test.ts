import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { getTf, tfBackendName } from "./tf";

describe("getTf", () => {
  it("initialises once on the best available backend", async () => {
    const tf = await getTf();
    expect(await getTf()).toBe(tf);
    let nativeAvailable = true;
    try {
      createRequire(import.meta.url).resolve("@tensorflow/tfjs-node");
    } catch {
      nativeAvailable = false;
    }
    // Without tfjs-node (this machine) the wasm backend must be the one chosen, not the slow cpu one.
    expect(tfBackendName()).toBe(nativeAvailable ? "tensorflow" : "wasm");
    expect(tf.getBackend()).toBe(tfBackendName());
  });

  it("computes a matmul on that backend: [[1,2],[3,4]] @ [[5],[6]] = [[17],[39]]", async () => {
    const tf = await getTf();
    const out = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6], [2, 1])));
    expect(Array.from(await out.data())).toEqual([17, 39]);
    out.dispose();
  });
});
