import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf } from "../tfjs/backend";
import { openTfjsEngine } from "../tfjs/engine";
import { tinyBatch, writeTinyModel } from "../tfjs/test-fixtures";
import type { EngineSpec } from "./create";
import { createEnginePool } from "./pool";

let root: string;
let spec: Extract<EngineSpec, { engine: "tfjs" }>;

beforeAll(async () => {
  await initTf("wasm");
  root = await mkdtemp(path.join(tmpdir(), "ta-pool-"));
  const dir = path.join(root, "tiny");
  await writeTinyModel(dir, 31);
  spec = { engine: "tfjs", source: { kind: "dir", dir }, backend: "wasm" };
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("engine pool", () => {
  it("splits a batch over 2 worker threads and returns rows in input order", async () => {
    const pool = await createEnginePool(spec, { threads: 2 });
    try {
      expect(pool.mode).toBe("workers");
      expect(pool.fallbackReason).toBeNull();
      expect(pool.threads).toBe(2);
      expect(pool.backend).toBe("wasm");

      // Reference: the same model and backend in this thread (wasm is deterministic per image).
      const local = await openTfjsEngine(spec.source, { backend: "wasm" });
      expect(pool.weightsHash).toBe(local.weightsHash);
      expect(pool.listLayers()).toEqual(local.listLayers());
      expect(pool.head).toEqual(local.head);

      const n = 5; // split 3 + 2
      const x = tinyBatch(n, 12);
      const copy = x.slice();
      const layers = ["conv", "dw_relu", "flat", "probs"];
      const got = await pool.extract(x, n, layers, "max");
      const want = await local.extract(x, n, layers, "max");
      for (const name of layers) {
        expect(got.get(name)!.dim).toBe(want.get(name)!.dim);
        expect(Array.from(got.get(name)!.data)).toEqual(Array.from(want.get(name)!.data));
      }
      expect(Array.from(x)).toEqual(Array.from(copy)); // the caller's batch is left intact
      // Concurrent batches are each answered with their own rows.
      const [a, b] = await Promise.all([
        pool.extract(x, n, ["probs"]),
        pool.extract(x.subarray(0, 72), 1, ["probs"]),
      ]);
      expect(Array.from(b.get("probs")!.data)).toEqual(Array.from(a.get("probs")!.data.subarray(0, 2)));
      await local.dispose();

      await expect(pool.extract(x, n, ["nope"])).rejects.toThrow(
        "layers: 'nope' is not a layer of this model",
      );
    } finally {
      await pool.dispose();
    }
    await expect(pool.extract(tinyBatch(1, 1), 1, ["conv"])).rejects.toThrow("this engine has been disposed");
  });

  it("runs in-process with threads = 0", async () => {
    const pool = await createEnginePool(spec, { threads: 0 });
    expect(pool.mode).toBe("in-process");
    expect(pool.threads).toBe(0);
    const out = await pool.extract(tinyBatch(2, 3), 2, ["probs"]);
    expect(out.get("probs")!.data).toHaveLength(4);
    await pool.dispose();
  });

  it("falls back to in-process when worker threads cannot start, and says why", async () => {
    const missing = new URL("./no-such-worker.mjs", import.meta.url);
    const pool = await createEnginePool(spec, { threads: 2, workerEntry: missing });
    expect(pool.mode).toBe("in-process");
    expect(pool.fallbackReason).toMatch(/^worker threads unavailable \(.*no-such-worker\.mjs/);
    expect((await pool.extract(tinyBatch(1, 2), 1, ["probs"])).get("probs")!.dim).toBe(2);
    await pool.dispose();
  });

  it("reports a model that cannot be opened instead of falling back", async () => {
    // A missing directory fails the preflight in this thread, before any worker starts.
    const bad: EngineSpec = { engine: "tfjs", source: { kind: "dir", dir: path.join(root, "missing") } };
    await expect(createEnginePool(bad, { threads: 2 })).rejects.toThrow(
      /^model\.json: cannot read .*missing\/model\.json/,
    );
    await expect(
      createEnginePool({ engine: "tfjs", source: { kind: "dir", dir: "" } } as EngineSpec),
    ).rejects.toThrow(/^spec\.source/);
    // An error only the engine finds (here a conflicting input size) comes back from the worker as is.
    const conflicting: EngineSpec = { ...spec, inputShape: [5, 6, 2] };
    await expect(createEnginePool(conflicting, { threads: 1 })).rejects.toThrow(
      "inputShape[0] is 5 but the model's input fixes it at 6",
    );
  });
});
