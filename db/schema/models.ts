import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { bytea } from "./types";

/** `identity` is the built-in "model" for tabular and bring-your-own-embedding datasets: features as they are. */
export const MODEL_FORMATS = ["tfjs-layers", "tfjs-graph", "onnx", "identity"] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

/** How raw inputs map into the model's input space (recorded so the mapping is reproducible). */
export interface ModelPreprocessing {
  kind: "image" | "tabular" | "bow";
  height?: number;
  width?: number;
  channels?: 1 | 3;
  range?: [number, number];
  mean?: number[] | null;
  std?: number[] | null;
  resize?: "bilinear" | "nearest";
  channelOrder?: "RGB" | "BGR";
  /** Text models: vocabulary file and term weighting. */
  vocabulary?: string;
  weighting?: string;
  /** Tabular models: expected feature count. */
  features?: number;
}

export interface SourceDatasetInfo {
  name: string;
  description: string;
  link?: string | null;
  /** Curated card id in lib/bias/cards. */
  cardId?: string | null;
}

export const models = pgTable("models", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Short stable name used by the CLI (`mobilenet_v2`, `mnist-cnn-0to4`). */
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  format: text("format", { enum: MODEL_FORMATS }).notNull(),
  /** Bundled models live in the repository; uploaded ones in model_files. */
  bundledPath: text("bundled_path"),
  inputShape: jsonb("input_shape").$type<number[]>().notNull(),
  preprocessing: jsonb("preprocessing").$type<ModelPreprocessing>().notNull(),
  /** sha256 over the weight bytes in manifest order. */
  weightsHash: text("weights_hash").notNull(),
  parameterCount: integer("parameter_count").notNull().default(0),
  hasHead: boolean("has_head").notNull().default(false),
  headClasses: jsonb("head_classes").$type<string[]>(),
  sourceDataset: jsonb("source_dataset").$type<SourceDatasetInfo>().notNull(),
  provenance: text("provenance").notNull().default(""),
  /** Split points suggested by whoever made the model (shown first in the layer picker). */
  suggestedLayers: jsonb("suggested_layers").$type<string[]>().notNull().default([]),
  meta: jsonb("meta").$type<Record<string, unknown>>().notNull().default({}),
  isBundled: boolean("is_bundled").notNull().default(false),
  createdBy: text("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const modelLayers = pgTable(
  "model_layers",
  {
    modelId: uuid("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    index: integer("index").notNull(),
    name: text("name").notNull(),
    className: text("class_name").notNull(),
    outputShape: jsonb("output_shape").$type<(number | null)[]>().notNull(),
    params: integer("params").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.index] })],
);

/** Files of uploaded models, so a worker on another machine can load them from the database. */
export const modelFiles = pgTable(
  "model_files",
  {
    modelId: uuid("model_id")
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    path: text("path").notNull(),
    bytes: bytea("bytes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.modelId, t.path] })],
);

export type Model = typeof models.$inferSelect;
export type NewModel = typeof models.$inferInsert;
export type ModelLayer = typeof modelLayers.$inferSelect;
