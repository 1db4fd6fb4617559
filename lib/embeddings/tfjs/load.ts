/**
 * Hand a checked model (from `model-dir.ts`, or decoded from a package) to TF.js through
 * `tf.io.fromMemory`: no fetch, no file access by TF.js itself.
 */
import * as tf from "@tensorflow/tfjs";
import type { ModelJson } from "./manifest";
import { type LoadOptions, type ModelArtifacts, readModelDir } from "./model-dir";

export {
  artifactsFromMemory,
  inspectModelDir,
  type LoadOptions,
  type ModelArtifacts,
  readModelDir,
  sha256Hex,
} from "./model-dir";

/** A model loaded into TF.js. The caller owns it and calls `model.dispose()`. */
export type LoadedModel =
  | { kind: "layers"; model: tf.LayersModel; json: ModelJson; weightsHash: string; params: number }
  | { kind: "graph"; model: tf.GraphModel; json: ModelJson; weightsHash: string; params: number };

/** Hand validated artifacts to TF.js (on the current backend). */
export async function loadArtifacts(a: ModelArtifacts): Promise<LoadedModel> {
  const j = a.json;
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: j.modelTopology as tf.io.ModelArtifacts["modelTopology"],
    weightSpecs: j.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
    weightData: a.weightData,
    format: j.format,
    generatedBy: j.generatedBy,
    convertedBy: j.convertedBy ?? null,
    userDefinedMetadata: j.userDefinedMetadata as Record<string, unknown> | undefined,
    signature: j.signature as Record<string, unknown> | undefined,
    modelInitializer: j.modelInitializer as Record<string, unknown> | undefined,
  } as tf.io.ModelArtifacts;
  const handler = tf.io.fromMemory(artifacts);
  const base = { json: j, weightsHash: a.weightsHash, params: a.params };
  try {
    if (a.kind === "layers") return { kind: "layers", model: await tf.loadLayersModel(handler), ...base };
    return { kind: "graph", model: await tf.loadGraphModel(handler), ...base };
  } catch (e) {
    throw new Error(`${a.label}: TF.js could not build the ${a.kind} model (${(e as Error).message})`);
  }
}

/** `readModelDir` then `loadArtifacts`. */
export async function loadModelDir(dir: string, opts: LoadOptions = {}): Promise<LoadedModel> {
  return loadArtifacts(await readModelDir(dir, opts));
}
