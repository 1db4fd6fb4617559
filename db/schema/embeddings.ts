import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { datasets } from "./datasets";
import { bytea } from "./types";

/**
 * Embeddings of one shard of a dataset at one layer, float32 little-endian [count, dim].
 *
 * `extractorKey` = sha256(weights hash, layer, pooling, preprocessing, random-init seed or none);
 * `contentKey`   = sha256 of the shard's sample content hashes in order.
 * Together they are the cache key: the same images through the same extractor are never
 * embedded twice, whichever audit asks.
 */
export const embeddingShards = pgTable(
  "embedding_shards",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    extractorKey: text("extractor_key").notNull(),
    contentKey: text("content_key").notNull(),
    datasetId: uuid("dataset_id").references(() => datasets.id, { onDelete: "cascade" }),
    layer: text("layer").notNull(),
    shardIndex: integer("shard_index").notNull(),
    /** samples.id in row order. */
    sampleIds: jsonb("sample_ids").$type<number[]>().notNull(),
    count: integer("count").notNull(),
    dim: integer("dim").notNull(),
    data: bytea("data").notNull(),
    /** Samples of the shard that could not be embedded, with reasons. */
    skipped: jsonb("skipped")
      .$type<{ sampleId: number; externalId: string; reason: string }[]>()
      .notNull()
      .default([]),
    /** Input-space mapping summary (scale factors, invented channels). */
    mapping: jsonb("mapping").$type<Record<string, unknown>>().notNull().default({}),
    engine: text("engine").notNull(),
    backend: text("backend").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("embedding_shards_key_idx").on(t.extractorKey, t.contentKey),
    index("embedding_shards_dataset_idx").on(t.datasetId, t.layer),
  ],
);

export type EmbeddingShard = typeof embeddingShards.$inferSelect;
