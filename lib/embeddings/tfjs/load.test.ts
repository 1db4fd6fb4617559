import { createHash } from "node:crypto";
import { mkdtemp, readFile, rename, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTf } from "./backend";
import { loadModelDir, readModelDir } from "./load";
import { TINY_INPUT, tinyBatch, tinyModel, writeTinyModel } from "./test-fixtures";

let root: string;
let fresh: (name: string) => Promise<{ dir: string; shards: string[] }>;

beforeAll(async () => {
  await initTf("cpu");
  root = await mkdtemp(path.join(tmpdir(), "ta-load-"));
  fresh = async (name) => {
    const dir = path.join(root, name);
    return { dir, shards: await writeTinyModel(dir, 7, 2) };
  };
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("loadModelDir", () => {
  it("loads a two-shard layers model that predicts like the original", async () => {
    const { dir } = await fresh("ok");
    const loaded = await loadModelDir(dir);
    expect(loaded.kind).toBe("layers");
    // By hand: ident 1x1x2x2 = 4, conv 3x3x2x3 = 54, two BatchNorms 4 x 3 = 12 each,
    // dw 3x3x3x1 = 27, probs 27x2 + 2 = 56: 165.
    expect(loaded.params).toBe(165);
    const original = tinyModel(7);
    const x = tf.tensor4d(tinyBatch(3, 1), [3, ...TINY_INPUT]);
    const a = original.predict(x) as tf.Tensor;
    const b = loaded.model.predict(x) as tf.Tensor;
    // Same float32 weights, same backend, same ops: bit-identical.
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    original.dispose();
    loaded.model.dispose();
  });

  it("hashes the weight bytes, not the file names", async () => {
    const { dir, shards } = await fresh("hash");
    const a = await readModelDir(dir);
    // Reference: sha256 of the shard files concatenated, computed directly from the files.
    const bytes = Buffer.concat(await Promise.all(shards.map((s) => readFile(path.join(dir, s)))));
    expect(a.weightsHash).toBe(createHash("sha256").update(bytes).digest("hex"));

    // Rename the shards (and the manifest paths): same weights, same hash.
    const json = JSON.parse(await readFile(path.join(dir, "model.json"), "utf8"));
    json.weightsManifest[0].paths = ["w1.bin", "w2.bin"];
    await rename(path.join(dir, shards[0]!), path.join(dir, "w1.bin"));
    await rename(path.join(dir, shards[1]!), path.join(dir, "w2.bin"));
    await writeFile(path.join(dir, "model.json"), JSON.stringify(json));
    expect((await readModelDir(dir)).weightsHash).toBe(a.weightsHash);
  });

  it("says when model.json is missing or not JSON", async () => {
    await expect(readModelDir(path.join(root, "nope"))).rejects.toThrow(
      /^model\.json: cannot read .*nope\/model\.json \(ENOENT\)/,
    );
    const { dir } = await fresh("badjson");
    await writeFile(path.join(dir, "model.json"), "{ not json");
    await expect(readModelDir(dir)).rejects.toThrow(/^model\.json: not valid JSON \(/);
  });

  it("says which field of model.json is wrong", async () => {
    const { dir } = await fresh("schema");
    await writeFile(
      path.join(dir, "model.json"),
      JSON.stringify({ format: "layers-model", modelTopology: {} }),
    );
    await expect(readModelDir(dir)).rejects.toThrow(/^model\.json: weightsManifest: Invalid input/);
  });

  it("names a shard whose size does not match the manifest", async () => {
    const { dir, shards } = await fresh("short");
    const full = (await readFile(path.join(dir, shards[1]!))).length;
    await truncate(path.join(dir, shards[1]!), full - 4);
    // Total = 165 float32 values x 4 bytes = 660 bytes; the first shard holds 660 / 2 = 330.
    await expect(readModelDir(dir)).rejects.toThrow(
      `model.json: weightsManifest[0] shards hold 656 bytes (paths[0] '${shards[0]}' 330 bytes, paths[1] '${shards[1]}' 326 bytes), manifest says 660`,
    );
  });

  it("names a one-shard model's shard by path", async () => {
    const dir = path.join(root, "one");
    const [shard] = await writeTinyModel(dir, 7, 1);
    await truncate(path.join(dir, shard!), 100);
    await expect(readModelDir(dir)).rejects.toThrow(
      `model.json: weightsManifest[0].paths[0] '${shard}' is 100 bytes, manifest says 660`,
    );
  });

  it("names a missing shard and refuses paths leaving the directory", async () => {
    const { dir, shards } = await fresh("missing");
    await rm(path.join(dir, shards[1]!));
    await expect(readModelDir(dir)).rejects.toThrow(
      `model.json: weightsManifest[0].paths[1] '${shards[1]}' does not exist in ${dir}`,
    );
    const json = JSON.parse(await readFile(path.join(dir, "model.json"), "utf8"));
    json.weightsManifest[0].paths[1] = "../ok/group1-shard2of2.bin";
    await writeFile(path.join(dir, "model.json"), JSON.stringify(json));
    await expect(readModelDir(dir)).rejects.toThrow(
      "model.json: weightsManifest[0].paths[1] '../ok/group1-shard2of2.bin' must not contain '..'",
    );
  });

  it("caps the parameter count before reading shards", async () => {
    const { dir } = await fresh("cap");
    await expect(readModelDir(dir, { maxParams: 164 })).rejects.toThrow(
      "model.json: weightsManifest declares 165 parameters, cap is 164 (maxParams)",
    );
  });
});
