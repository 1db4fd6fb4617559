/**
 * Turning stored samples into a model's input batch (the lecture's "mapping input spaces"):
 * images through lib/embeddings/input (decode, resize, channels, range, with mapping warnings);
 * texts through lib/text/bow.ts (the model's own word list and term weighting: words outside the
 * list are dropped, which the report measures as vocabulary coverage).
 */
import path from "node:path";
import { asc, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Model, type ModelPreprocessing, samples } from "@/db/schema";
import { type MappingSummary, type Preprocessing, prepareBatch } from "@/lib/embeddings/input";
import { appRoot } from "@/lib/env";
import { type BowWeighting, encodeBow, parseBowWeighting } from "@/lib/text/bow";
import { readVocabularyFile, type Vocabulary } from "@/lib/text/vocabulary";

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

const vocabularies = new Map<string, Vocabulary>();

/**
 * The word list of a bag-of-words model: `preprocessing.vocabulary` (default vocab.json) in the
 * model's bundled folder (`models.bundledPath`, relative to the app root). Read once per process
 * and file. Uploaded models keep only model.json and weights in the database, so a text model must
 * be bundled for now.
 */
export function bowVocabulary(model: Pick<Model, "slug" | "bundledPath" | "preprocessing">): Vocabulary {
  const pre = model.preprocessing;
  if (pre.kind !== "bow")
    throw new Error(`model ${model.slug}: preprocessing kind '${pre.kind}' is not 'bow'`);
  if (!model.bundledPath) {
    throw new Error(
      `model ${model.slug}: its vocabulary file is only available for bundled models (no bundledPath)`,
    );
  }
  const dir = path.resolve(appRoot(), model.bundledPath);
  const file = path.resolve(dir, pre.vocabulary ?? "vocab.json");
  if (!file.startsWith(dir + path.sep)) {
    throw new Error(
      `model ${model.slug}: preprocessing.vocabulary '${pre.vocabulary}' leaves the model folder`,
    );
  }
  let vocab = vocabularies.get(file);
  if (!vocab) {
    vocab = readVocabularyFile(file, model.slug);
    if (vocab.kind !== "word") {
      throw new Error(
        `model ${model.slug}: ${file} is a WordPiece vocabulary; a bag-of-words model needs a word list`,
      );
    }
    vocabularies.set(file, vocab);
  }
  return vocab;
}

/** Vocabulary and term weighting of a bag-of-words model; throws naming the model and the problem. */
export function bowInput(model: Pick<Model, "slug" | "bundledPath" | "preprocessing">): {
  vocabulary: Vocabulary;
  weighting: BowWeighting;
} {
  const vocabulary = bowVocabulary(model);
  try {
    return { vocabulary, weighting: parseBowWeighting(model.preprocessing.weighting) };
  } catch (e) {
    throw new Error(`model ${model.slug}: preprocessing.${(e as Error).message}`);
  }
}

/**
 * Reads the samples' texts (in dataset order) and encodes them as the model's bag-of-words vectors
 * (ids.length x vocabulary size). A sample without text is skipped with the reason. A text with no
 * word in the vocabulary encodes as the zero vector and is kept: the model still sees it, as nothing.
 */
export async function textBatch(
  db: Db,
  ids: number[],
  model: Pick<Model, "slug" | "bundledPath" | "preprocessing">,
): Promise<ModelInputBatch> {
  const { vocabulary: vocab, weighting } = bowInput(model);
  const rows = await db
    .select({ id: samples.id, externalId: samples.externalId, text: samples.text })
    .from(samples)
    .where(inArray(samples.id, ids))
    .orderBy(asc(samples.ordinal));
  const usable = rows.filter((r) => r.text !== null && r.text.trim() !== "");
  const skipped = rows
    .filter((r) => !usable.includes(r))
    .map((r) => ({ sampleId: r.id, externalId: r.externalId, reason: "no text stored" }));
  return {
    data:
      usable.length > 0
        ? encodeBow(
            usable.map((r) => r.text!),
            vocab.tokens,
            weighting,
          )
        : new Float32Array(0),
    sampleIds: usable.map((r) => r.id),
    skipped,
    summary: null,
  };
}
