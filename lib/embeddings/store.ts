/**
 * Embedding shards in the database: float32 [count, dim] per (extractor, shard content), so the
 * same samples through the same extractor are embedded once, whichever audit asks.
 */
import { createHash } from "node:crypto";
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { embeddingShards, type ModelPreprocessing, samples } from "@/db/schema";
import type { Matrix } from "@/lib/metrics/matrix";

export interface ExtractorIdentity {
  weightsHash: string;
  layer: string;
  pooling: "avg" | "max";
  preprocessing: ModelPreprocessing;
  /** Seed of the randomly initialised copy, or null for the pretrained weights. */
  randomSeed: number | null;
}

/** sha256 over a canonical JSON of the extractor: weights, layer, pooling, preprocessing, random seed. */
export function extractorKey(x: ExtractorIdentity): string {
  const canonical = JSON.stringify([
    x.weightsHash,
    x.layer,
    x.pooling,
    Object.entries(x.preprocessing).sort(([a], [b]) => a.localeCompare(b)),
    x.randomSeed,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** sha256 of a shard's sample content hashes, in order. */
export function contentKey(sampleHashes: readonly string[]): string {
  const h = createHash("sha256");
  for (const s of sampleHashes) h.update(s).update("\n");
  return h.digest("hex");
}

export function encodeFloat32(data: Float32Array): Uint8Array {
  // Stored little-endian; every platform Node runs on is little-endian, so the bytes are the array's.
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

export function decodeFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0)
    throw new Error(`float32 data of ${bytes.byteLength} bytes is not a multiple of 4`);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

export interface ShardSamples {
  ids: number[];
  externalIds: string[];
  hashes: string[];
}

/** The samples of one shard: ordinals [shardIndex*size, (shardIndex+1)*size), in order. */
export async function shardSamples(
  db: Db,
  datasetId: string,
  shardIndex: number,
  shardSize: number,
): Promise<ShardSamples> {
  const rows = await db
    .select({ id: samples.id, externalId: samples.externalId, hash: samples.contentHash })
    .from(samples)
    .where(
      and(
        eq(samples.datasetId, datasetId),
        gte(samples.ordinal, shardIndex * shardSize),
        lt(samples.ordinal, (shardIndex + 1) * shardSize),
      ),
    )
    .orderBy(asc(samples.ordinal));
  return {
    ids: rows.map((r) => r.id),
    externalIds: rows.map((r) => r.externalId),
    hashes: rows.map((r) => r.hash),
  };
}

export async function existingShardKeys(db: Db, extractorKeys: string[], cKey: string): Promise<Set<string>> {
  if (extractorKeys.length === 0) return new Set();
  const rows = await db
    .select({ k: embeddingShards.extractorKey })
    .from(embeddingShards)
    .where(and(inArray(embeddingShards.extractorKey, extractorKeys), eq(embeddingShards.contentKey, cKey)));
  return new Set(rows.map((r) => r.k));
}

export interface ShardRow {
  extractorKey: string;
  contentKey: string;
  datasetId: string;
  layer: string;
  shardIndex: number;
  sampleIds: number[];
  dim: number;
  data: Float32Array;
  skipped: { sampleId: number; externalId: string; reason: string }[];
  mapping: Record<string, unknown>;
  engine: string;
  backend: string;
}

/** Writes a shard's layers in one transaction; a shard already there is left as it is (idempotent). */
export async function saveShards(db: Db, rows: ShardRow[]): Promise<number> {
  let written = 0;
  await db.transaction(async (tx) => {
    for (const r of rows) {
      if (r.data.length !== r.sampleIds.length * r.dim) {
        throw new Error(
          `shard ${r.layer}#${r.shardIndex}: ${r.data.length} values for ${r.sampleIds.length} x ${r.dim}`,
        );
      }
      const res = await tx
        .insert(embeddingShards)
        .values({
          extractorKey: r.extractorKey,
          contentKey: r.contentKey,
          datasetId: r.datasetId,
          layer: r.layer,
          shardIndex: r.shardIndex,
          sampleIds: r.sampleIds,
          count: r.sampleIds.length,
          dim: r.dim,
          data: encodeFloat32(r.data),
          skipped: r.skipped,
          mapping: r.mapping,
          engine: r.engine,
          backend: r.backend,
        })
        .onConflictDoNothing({ target: [embeddingShards.extractorKey, embeddingShards.contentKey] })
        .returning({ id: embeddingShards.id });
      written += res.length;
    }
  });
  return written;
}

export interface LoadedEmbeddings {
  matrix: Matrix;
  /** samples.id per row. */
  sampleIds: number[];
  skipped: { sampleId: number; externalId: string; reason: string }[];
  mappings: Record<string, unknown>[];
  engine: string | null;
  backend: string | null;
}

/**
 * All embeddings of a dataset at one extractor, in sample order, assembled from its shards.
 * Throws when a shard is missing (the embed stage is not finished).
 */
export async function loadEmbeddings(
  db: Db,
  datasetId: string,
  xKey: string,
  shardSize: number,
): Promise<LoadedEmbeddings> {
  const all = await db
    .select({ ordinal: samples.ordinal, hash: samples.contentHash })
    .from(samples)
    .where(eq(samples.datasetId, datasetId))
    .orderBy(asc(samples.ordinal));
  const shardCount = Math.ceil(all.length / shardSize);
  const parts: { data: Float32Array; dim: number; ids: number[] }[] = [];
  const skipped: LoadedEmbeddings["skipped"] = [];
  const mappings: Record<string, unknown>[] = [];
  let engine: string | null = null;
  let backend: string | null = null;
  for (let s = 0; s < shardCount; s++) {
    const cKey = contentKey(all.slice(s * shardSize, (s + 1) * shardSize).map((r) => r.hash));
    const [row] = await db
      .select()
      .from(embeddingShards)
      .where(and(eq(embeddingShards.extractorKey, xKey), eq(embeddingShards.contentKey, cKey)));
    if (!row)
      throw new Error(
        `embeddings missing for dataset ${datasetId}, shard ${s} (extractor ${xKey.slice(0, 12)})`,
      );
    parts.push({ data: decodeFloat32(row.data), dim: row.dim, ids: row.sampleIds });
    skipped.push(...row.skipped);
    mappings.push(row.mapping);
    engine = row.engine;
    backend = row.backend;
  }
  const dim = parts.find((p) => p.ids.length > 0)?.dim ?? 0;
  const rows = parts.reduce((n, p) => n + p.ids.length, 0);
  const data = new Float32Array(rows * dim);
  const sampleIds: number[] = [];
  let off = 0;
  for (const p of parts) {
    if (p.ids.length === 0) continue;
    if (p.dim !== dim) throw new Error(`shards of one layer disagree on dimension: ${p.dim} vs ${dim}`);
    data.set(p.data, off);
    off += p.data.length;
    sampleIds.push(...p.ids);
  }
  return { matrix: { rows, cols: dim, data }, sampleIds, skipped, mappings, engine, backend };
}

/** Tabular and bring-your-own-embedding datasets: the stored float32 feature vectors are the embeddings. */
export async function loadFeatureMatrix(db: Db, datasetId: string): Promise<LoadedEmbeddings> {
  const rows = await db
    .select({ id: samples.id, content: samples.content })
    .from(samples)
    .where(eq(samples.datasetId, datasetId))
    .orderBy(asc(samples.ordinal));
  const first = rows.find((r) => r.content);
  const dim = first?.content ? first.content.byteLength / 4 : 0;
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (!r.content || r.content.byteLength !== dim * 4) {
      throw new Error(
        `sample ${r.id}: feature vector has ${(r.content?.byteLength ?? 0) / 4} values, expected ${dim}`,
      );
    }
    data.set(decodeFloat32(r.content), i * dim);
  });
  return {
    matrix: { rows: rows.length, cols: dim, data },
    sampleIds: rows.map((r) => r.id),
    skipped: [],
    mappings: [],
    engine: null,
    backend: null,
  };
}
