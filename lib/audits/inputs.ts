/**
 * Turning stored samples into a model's input batch (the lecture's "mapping input spaces"):
 * images through lib/embeddings/input (decode, resize, channels, range, with mapping warnings).
 */
import { asc, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type ModelPreprocessing, samples } from "@/db/schema";
import { type MappingSummary, type Preprocessing, prepareBatch } from "@/lib/embeddings/input";

export interface ModelInputBatch {
  data: Float32Array;
  /** samples.id of the rows of `data`, in order. */
  sampleIds: number[];
  skipped: { sampleId: number; externalId: string; reason: string }[];
  summary: MappingSummary | null;
}

export function imagePreprocessing(p: ModelPreprocessing): Preprocessing {
  if (p.kind !== "image") throw new Error(`preprocessing kind '${p.kind}' is not an image preprocessing`);
  return {
    height: p.height ?? 224,
    width: p.width ?? 224,
    channels: p.channels ?? 3,
    range: p.range ?? [0, 1],
    mean: p.mean ?? null,
    std: p.std ?? null,
    resize: p.resize ?? "bilinear",
    channelOrder: p.channelOrder ?? "RGB",
  };
}

/** Reads the samples' image bytes and maps them into the model's input space. */
export async function imageBatch(db: Db, ids: number[], pre: ModelPreprocessing): Promise<ModelInputBatch> {
  const rows = await db
    .select({ id: samples.id, externalId: samples.externalId, content: samples.content })
    .from(samples)
    .where(inArray(samples.id, ids))
    .orderBy(asc(samples.ordinal));
  const missing = rows.filter((r) => !r.content);
  const usable = rows.filter((r) => r.content);
  const prepared = await prepareBatch(
    usable.map((r) => ({ id: r.externalId, bytes: r.content! })),
    imagePreprocessing(pre),
  );
  return {
    data: prepared.data,
    sampleIds: prepared.ok.map((i) => usable[i]!.id),
    skipped: [
      ...missing.map((r) => ({
        sampleId: r.id,
        externalId: r.externalId,
        reason: "no image content stored",
      })),
      ...prepared.skipped.map((s) => ({ sampleId: usable[s.index]!.id, externalId: s.id, reason: s.reason })),
    ],
    summary: prepared.summary,
  };
}
