import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { datasets } from "./datasets";
import { models } from "./models";

export const AUDIT_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const REVIEW_STATUSES = ["draft", "in_review", "approved", "changes_requested"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const AUDIT_STAGES = ["plan", "embed", "measure", "bias", "recommend", "verify", "report"] as const;
export type AuditStage = (typeof AUDIT_STAGES)[number];

export const VERDICTS = ["transfer", "fine_tune", "from_scratch", "small_different"] as const;
export type Verdict = (typeof VERDICTS)[number];

export const SEVERITIES = ["info", "medium", "high"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Everything that shapes an audit's numbers; stored so a report can be reproduced. */
export interface AuditSettings {
  pooling: "avg" | "max";
  seed: number;
  permutations: number;
  bootstrap: number;
  /** Cap per side for the O(n²) shift metrics; the sample size used is reported. */
  maxSamples: number;
  protectedAttributes: string[];
  /** Pairs of attributes analysed as intersections. */
  intersections: [string, string][];
  favourableLabel: string | null;
  minGroupSize: number;
  verify: boolean;
  engine: "auto" | "tfjs" | "onnx";
  shardSize: number;
  /** Optional population distribution per attribute as reference for representation ratios. */
  referenceDistributions?: Record<string, Record<string, number>>;
}

export const audits = pgTable(
  "audits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    modelId: uuid("model_id")
      .notNull()
      .references(() => models.id),
    sourceDatasetId: uuid("source_dataset_id")
      .notNull()
      .references(() => datasets.id),
    targetDatasetId: uuid("target_dataset_id")
      .notNull()
      .references(() => datasets.id),
    layers: jsonb("layers").$type<string[]>().notNull(),
    settings: jsonb("settings").$type<AuditSettings>().notNull(),
    status: text("status", { enum: AUDIT_STATUSES }).notNull().default("queued"),
    stage: text("stage", { enum: AUDIT_STAGES }),
    error: text("error"),
    reviewStatus: text("review_status", { enum: REVIEW_STATUSES }).notNull().default("draft"),
    verdict: text("verdict", { enum: VERDICTS }),
    highestSeverity: text("highest_severity", { enum: SEVERITIES }),
    /** Engine, backend and versions that produced the embeddings. */
    runtime: jsonb("runtime").$type<Record<string, string>>().notNull().default({}),
    isDemo: boolean("is_demo").notNull().default(false),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("audits_created_idx").on(t.createdAt)],
);

/**
 * One row per finished stage: the fan-in guard. Whoever inserts the row (ON CONFLICT DO NOTHING)
 * is the one that enqueues the next stage, so a retried or duplicated job never runs a stage twice.
 */
export const auditStages = pgTable(
  "audit_stages",
  {
    auditId: uuid("audit_id")
      .notNull()
      .references(() => audits.id, { onDelete: "cascade" }),
    stage: text("stage", { enum: AUDIT_STAGES }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("audit_stages_key_idx").on(t.auditId, t.stage)],
);

export type Audit = typeof audits.$inferSelect;
export type NewAudit = typeof audits.$inferInsert;
