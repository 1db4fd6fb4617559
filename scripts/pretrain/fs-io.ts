/**
 * TF.js layers models to and from a folder on disk, without fetch: `model.json` (topology +
 * weights manifest, the format `tf.loadLayersModel` reads over HTTP) and one shard `weights.bin`.
 * The SHA-256 of the shard identifies the trained weights (reproducibility checks, meta.json).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tf } from "./tf-setup";

export const WEIGHTS_FILE = "weights.bin";

/** A SaveHandler writing model.json + weights.bin into `dir`; resolves with the shard's SHA-256. */
export async function saveModelToDir(
  model: tf.LayersModel,
  dir: string,
): Promise<{ sha256: string; bytes: number }> {
  mkdirSync(dir, { recursive: true });
  let digest = "";
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData
        ? tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer[])
        : null;
      if (!data || !artifacts.weightSpecs)
        throw new Error("saveModelToDir: the model has no weights to save");
      const buf = Buffer.from(data);
      writeFileSync(path.join(dir, WEIGHTS_FILE), buf);
      digest = createHash("sha256").update(buf).digest("hex");
      bytes = buf.length;
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: "layers-model",
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      writeFileSync(path.join(dir, "model.json"), `${JSON.stringify(modelJson)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return { sha256: digest, bytes };
}

/** An IOHandler reading `<dir>/model.json` and its shards from disk, for tf.loadLayersModel. */
export function fileSystemLoader(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const modelJson = JSON.parse(readFileSync(path.join(dir, "model.json"), "utf8")) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: Buffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const file = path.resolve(dir, p);
            if (path.dirname(file) !== path.resolve(dir))
              throw new Error(`fileSystemLoader: shard ${p} is outside ${dir}`);
            buffers.push(readFileSync(file));
          }
        }
        const all = Buffer.concat(buffers);
        return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength)];
      });
    },
  };
}

export function loadModelFromDir(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(fileSystemLoader(dir));
}

/** SHA-256 over every weight of the model in layer order (what reproducibility compares). */
export function weightsSha256(model: tf.LayersModel): string {
  const h = createHash("sha256");
  for (const w of model.getWeights()) {
    const v = w.dataSync() as Float32Array;
    h.update(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  }
  return h.digest("hex");
}
