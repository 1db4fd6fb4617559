import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { bytea } from "./types";

export const DATASET_KINDS = ["image", "tabular", "text", "embedding"] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** A column the user marked as an attribute of the sample; `protected` ones are about people. */
export interface AttributeColumn {
  name: string;
  protected: boolean;
  /** Set when the values were inferred by a model rather than recorded; names that model. */
  inferredBy?: string | null;
}

/** A sample the importer could not use, with the reason a person can act on. */
export interface SkippedSample {
  file?: string;
  row?: number;
  path?: string;
  reason: string;
}

export const datasets = pgTable(
  "datasets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind", { enum: DATASET_KINDS }).notNull(),
    description: text("description").notNull().default(""),
    /** Where the data came from and under which licence: shown beside every demo dataset. */
    provenance: text("provenance").notNull().default(""),
    license: text("license").notNull().default(""),
    /** Id of a curated dataset card (lib/bias/cards) describing documented skews, if any. */
    cardId: text("card_id"),
    /** sha256 over the sorted sample content hashes and the column roles: re-imports are recognised. */
    contentHash: text("content_hash").notNull(),
    sampleCount: integer("sample_count").notNull().default(0),
    labelColumn: text("label_column"),
    featureColumns: jsonb("feature_columns").$type<string[]>().notNull().default([]),
    attributeColumns: jsonb("attribute_columns").$type<AttributeColumn[]>().notNull().default([]),
    /** Text datasets: the column holding the text. */
    textColumn: text("text_column"),
    missingCounts: jsonb("missing_counts").$type<Record<string, number>>().notNull().default({}),
    skipped: jsonb("skipped").$type<SkippedSample[]>().notNull().default([]),
    isDemo: boolean("is_demo").notNull().default(false),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("datasets_content_hash_idx").on(t.contentHash)],
);

export const samples = pgTable(
  "samples",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    datasetId: uuid("dataset_id")
      .notNull()
      .references(() => datasets.id, { onDelete: "cascade" }),
    /** Position in the dataset: embeddings and shards follow this order. */
    ordinal: integer("ordinal").notNull(),
    /** The user's id for the sample (file path in the archive, or the id column). */
    externalId: text("external_id").notNull(),
    /** sha256 of the sample's content (image bytes, feature vector or text): the embedding cache key. */
    contentHash: text("content_hash").notNull(),
    label: text("label"),
    attributes: jsonb("attributes").$type<Record<string, string | null>>().notNull().default({}),
    /** Image bytes (kind image), float32 little-endian features (tabular, embedding). */
    content: bytea("content"),
    mime: text("mime"),
    width: integer("width"),
    height: integer("height"),
    channels: integer("channels"),
    text: text("text"),
  },
  (t) => [
    uniqueIndex("samples_dataset_external_idx").on(t.datasetId, t.externalId),
    index("samples_dataset_ordinal_idx").on(t.datasetId, t.ordinal),
    index("samples_content_hash_idx").on(t.contentHash),
  ],
);

export type Dataset = typeof datasets.$inferSelect;
export type NewDataset = typeof datasets.$inferInsert;
export type Sample = typeof samples.$inferSelect;
export type NewSample = typeof samples.$inferInsert;
