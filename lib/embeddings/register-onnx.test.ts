/**
 * Registering a `.onnx` model (the PyTorch fixture) in the database, on every test driver: layers and
 * file stored, the same weights recognised, the file materialised on a worker's disk, and the engine
 * choice opening it (and its random-init copy) on ONNX Runtime.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelLayers } from "@/db/schema";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { createEngine } from "./engine/create";
import { torchFixturePath } from "./onnx/test-fixtures";
import { registerOnnxModel } from "./register-onnx";
import { engineChoiceFor, uploadedDir } from "./registry";

const here = path.dirname(fileURLToPath(import.meta.url));
const file = torchFixturePath(path.join(here, "onnx"), "onnx");
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "ta-register-onnx-"));
  process.env.TA_DATA_DIR = dataDir; // where uploaded models are materialised
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

for (const driver of testDrivers()) {
  describe(`registerOnnxModel (${driver.name})`, () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await driver.open();
    });
    afterAll(async () => {
      await database?.destroy();
    });

    it("stores the model, its layers and its file; opens it on ONNX Runtime from the database", async () => {
      const db = database.db;
      const model = await registerOnnxModel(db, {
        file,
        name: "Torch small CNN",
        sourceDataset: { name: "none", description: "untrained fixture" },
      });
      expect(model.format).toBe("onnx");
      expect(model.inputShape).toEqual([32, 32, 3]);
      // Defaults from the input [batch, 3, 32, 32]: size and channels, values in [0, 1].
      expect(model.preprocessing).toMatchObject({
        kind: "image",
        height: 32,
        width: 32,
        channels: 3,
        range: [0, 1],
      });
      expect(model.hasHead).toBe(true);
      expect(model.meta).toMatchObject({ headLayer: "probs" });
      // The penultimate features: Flatten's 16-d output, before the logits and the softmax.
      expect(model.suggestedLayers).toEqual(["/Flatten_output_0"]);
      const stored = await db.select().from(modelLayers).where(eq(modelLayers.modelId, model.id));
      expect(stored.map((l) => l.name)).toContain("/block2/block2.2/Relu_output_0");

      const again = await registerOnnxModel(db, {
        file,
        name: "other name",
        sourceDataset: { name: "x", description: "y" },
      });
      expect(again.id).toBe(model.id);

      const choice = await engineChoiceFor(db, model, { preference: "auto" });
      expect(choice.spec).toEqual({
        engine: "onnx",
        source: { kind: "file", path: path.join(uploadedDir(model), "model.onnx") },
      });
      const random = await engineChoiceFor(db, model, { randomSeed: 5 });
      expect(random.spec.source).toMatchObject({ kind: "random-init", seed: 5 });
      await expect(engineChoiceFor(db, model, { preference: "tfjs" })).rejects.toThrow(/ONNX Runtime only/);

      const engine = await createEngine(choice.spec);
      try {
        expect(engine.weightsHash).toBe(model.weightsHash);
        expect(engine.listLayers().length).toBe(stored.length);
      } finally {
        await engine.dispose();
      }
    });
  });
}
