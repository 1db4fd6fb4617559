/**
 * Registering a `.onnx` model (exported from PyTorch, TensorFlow, ...): the file is opened with ONNX
 * Runtime first (graph read, every intermediate tensor's shape measured, see onnx/layers.ts), then
 * stored in the database with its layers in one transaction, so a worker on another machine can open
 * it. A model with the same weights (hash over its initializers) is recognised and returned as it is.
 */
import fs from "node:fs";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Model, type ModelPreprocessing, modelFiles, models } from "@/db/schema";
import type { EngineSpec } from "./engine/create";
import { describeEngine, ONNX_FILE, upsertModel } from "./registry";

export interface RegisterOnnxInput {
  /** Path of the `.onnx` file (weights inside it). */
  file: string;
  name: string;
  slug?: string;
  /** How images map into the input; default: the input's size and channels, values in [0, 1], RGB. */
  preprocessing?: ModelPreprocessing;
  sourceDataset: { name: string; description: string; link?: string | null; cardId?: string | null };
  provenance?: string;
  /** Input layout when the shape cannot tell (see onnx/layout.ts). */
  layout?: "nchw" | "nhwc";
  suggestedLayers?: string[];
  createdBy?: string | null;
}

/** Image preprocessing that fills what `given` leaves out from the model's [h, w, c] input. */
function preprocessingFor(
  inputShape: number[],
  given: ModelPreprocessing | undefined,
  file: string,
): ModelPreprocessing {
  if (inputShape.length !== 3) {
    throw new Error(
      `${file}: input [${inputShape.join(", ")}] is not an image; only image ONNX models register`,
    );
  }
  const [height, width, channels] = inputShape as [number, number, number];
  const pre: ModelPreprocessing = {
    kind: "image",
    height,
    width,
    channels: channels as 1 | 3,
    range: [0, 1],
    resize: "bilinear",
    channelOrder: "RGB",
    ...(given ?? {}),
  };
  if (pre.height !== height || pre.width !== width || pre.channels !== channels) {
    throw new Error(
      `${file}: preprocessing says ${pre.height}x${pre.width}x${pre.channels} but the model's input is ${height}x${width}x${channels}`,
    );
  }
  return pre;
}

export async function registerOnnxModel(db: Db, input: RegisterOnnxInput): Promise<Model> {
  const spec: EngineSpec = {
    engine: "onnx",
    source: { kind: "file", path: input.file, ...(input.layout ? { layout: input.layout } : {}) },
    threads: 1,
  };
  const d = await describeEngine(spec); // throws naming the file and the problem
  const [same] = await db.select().from(models).where(eq(models.weightsHash, d.weightsHash));
  if (same) return same;
  const preprocessing = preprocessingFor(d.inputShape, input.preprocessing, input.file);
  const names = new Set(d.layers.map((l) => l.name));
  for (const l of input.suggestedLayers ?? []) {
    if (!names.has(l)) throw new Error(`${input.file}: suggested layer '${l}' is not a tensor of the model`);
  }
  // Default suggestion: the penultimate features. With a softmax head the last 2-D tensor before it is
  // usually the logits (the head's own linear layer), so the one before that; else the last 2-D tensor.
  const flat = d.layers.filter((l) => l.outputShape.length === 2 && l.name !== d.head?.layer);
  const pick = flat[flat.length - (d.head && flat.length > 1 ? 2 : 1)];
  const suggested = input.suggestedLayers ?? (pick ? [pick.name] : []);
  const slug =
    input.slug ??
    `${input.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40)}-${d.weightsHash.slice(0, 8)}`;
  const bytes = new Uint8Array(fs.readFileSync(input.file));
  return db.transaction(async (tx) => {
    const saved = await upsertModel(
      tx as unknown as Db,
      {
        slug,
        name: input.name,
        format: "onnx",
        inputShape: d.inputShape,
        preprocessing,
        weightsHash: d.weightsHash,
        parameterCount: d.params,
        hasHead: d.head !== null,
        sourceDataset: input.sourceDataset,
        provenance: input.provenance ?? "",
        suggestedLayers: suggested,
        meta: { headLayer: d.head?.layer ?? null, layout: input.layout ?? null },
        isBundled: false,
        createdBy: input.createdBy ?? null,
      },
      d.layers,
    );
    await tx.delete(modelFiles).where(eq(modelFiles.modelId, saved.id));
    await tx.insert(modelFiles).values({ modelId: saved.id, path: ONNX_FILE, bytes });
    return saved;
  });
}
