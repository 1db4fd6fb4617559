import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { audits, SEVERITIES, type Severity, VERDICTS } from "./audits";
import { user } from "./auth";

/** One number of one metric at one layer, with its interval and the sample sizes behind it. */
export const metricResults = pgTable(
  "metric_results",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    auditId: uuid("audit_id")
      .notNull()
      .references(() => audits.id, { onDelete: "cascade" }),
    layer: text("layer").notNull(),
    family: text("family", { enum: ["shift", "transferability"] }).notNull(),
    /** pretrained features, or the randomly initialised copy (the honest baseline). */
    features: text("features", { enum: ["pretrained", "random"] }).notNull(),
    metric: text("metric").notNull(),
    value: doublePrecision("value"),
    low: doublePrecision("low"),
    high: doublePrecision("high"),
    pValue: doublePrecision("p_value"),
    sampleSize: jsonb("sample_size").$type<Record<string, number>>().notNull().default({}),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [uniqueIndex("metric_results_key_idx").on(t.auditId, t.layer, t.features, t.metric)],
);

/** The evidence a warning or a reason points at. */
export interface Evidence {
  metric: string;
  value: number | null;
  low?: number | null;
  high?: number | null;
  n?: number | null;
  layer?: string | null;
  note?: string;
}

export const WARNING_CATEGORIES = [
  "bias",
  "input_mapping",
  "shift",
  "sample_size",
  "transferability",
] as const;

/** Bias analyses as computed (representation, co-occurrence, parity, leakage, group performance). */
export const biasFindings = pgTable(
  "bias_findings",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    auditId: uuid("audit_id")
      .notNull()
      .references(() => audits.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    /** Attribute name, or "a × b" for an intersection. */
    attribute: text("attribute").notNull(),
    layer: text("layer"),
    inferredBy: text("inferred_by"),
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("bias_findings_audit_idx").on(t.auditId)],
);

export const warnings = pgTable(
  "warnings",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    auditId: uuid("audit_id")
      .notNull()
      .references(() => audits.id, { onDelete: "cascade" }),
    category: text("category", { enum: WARNING_CATEGORIES }).notNull(),
    severity: text("severity", { enum: SEVERITIES }).$type<Severity>().notNull(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    message: text("message").notNull(),
    mitigation: text("mitigation"),
    evidence: jsonb("evidence").$type<Evidence>(),
    reviewState: text("review_state", { enum: ["open", "acknowledged", "mitigated", "blocking"] })
      .notNull()
      .default("open"),
  },
  (t) => [index("warnings_audit_idx").on(t.auditId)],
);

export interface Reason {
  text: string;
  evidence: Evidence;
}

export const recommendations = pgTable("recommendations", {
  auditId: uuid("audit_id")
    .primaryKey()
    .references(() => audits.id, { onDelete: "cascade" }),
  verdict: text("verdict", { enum: VERDICTS }).notNull(),
  splitLayer: text("split_layer"),
  confidence: doublePrecision("confidence").notNull(),
  confidenceLabel: text("confidence_label").notNull(),
  reasons: jsonb("reasons").$type<Reason[]>().notNull(),
  thresholdsVersion: text("thresholds_version").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Verification experiments: one row per (strategy, training fraction). */
export const verificationRuns = pgTable(
  "verification_runs",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    auditId: uuid("audit_id")
      .notNull()
      .references(() => audits.id, { onDelete: "cascade" }),
    strategy: text("strategy", { enum: ["frozen", "fine_tune", "scratch"] }).notNull(),
    fraction: doublePrecision("fraction").notNull(),
    trainSize: integer("train_size").notNull(),
    testSize: integer("test_size").notNull(),
    seed: integer("seed").notNull(),
    accuracy: doublePrecision("accuracy").notNull(),
    low: doublePrecision("low"),
    high: doublePrecision("high"),
    epochs: integer("epochs").notNull(),
    curve: jsonb("curve").$type<{ epoch: number; loss: number; valAccuracy: number }[]>().notNull(),
  },
  (t) => [uniqueIndex("verification_runs_key_idx").on(t.auditId, t.strategy, t.fraction)],
);

/** Derived views kept for the report: 2-D maps, farthest samples, input-mapping summaries. */
export const auditArtifacts = pgTable(
  "audit_artifacts",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    auditId: uuid("audit_id")
      .notNull()
      .references(() => audits.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    layer: text("layer"),
    data: jsonb("data").$type<unknown>().notNull(),
  },
  (t) => [uniqueIndex("audit_artifacts_key_idx").on(t.auditId, t.kind, t.layer)],
);

export const REVIEW_DECISIONS = ["comment", "acknowledged", "mitigated", "blocking"] as const;

export const reviews = pgTable(
  "reviews",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    auditId: uuid("audit_id")
      .notNull()
      .references(() => audits.id, { onDelete: "cascade" }),
    warningId: integer("warning_id").references(() => warnings.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => user.id),
    decision: text("decision", { enum: REVIEW_DECISIONS }).notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("reviews_audit_idx").on(t.auditId)],
);

/** The audit trail: every change of review state, who and when. Append-only. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    auditId: uuid("audit_id")
      .notNull()
      .references(() => audits.id, { onDelete: "cascade" }),
    actorId: text("actor_id"),
    actorEmail: text("actor_email"),
    action: text("action").notNull(),
    fromState: text("from_state"),
    toState: text("to_state"),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_events_audit_idx").on(t.auditId, t.id)],
);

export const shareLinks = pgTable("share_links", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  auditId: uuid("audit_id")
    .notNull()
    .references(() => audits.id, { onDelete: "cascade" }),
  /** sha256 of the token; the token itself is shown once and never stored. */
  tokenHash: text("token_hash").notNull().unique(),
  label: text("label"),
  createdBy: text("created_by"),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
});

export type MetricResult = typeof metricResults.$inferSelect;
export type BiasFinding = typeof biasFindings.$inferSelect;
export type Warning = typeof warnings.$inferSelect;
export type Recommendation = typeof recommendations.$inferSelect;
export type VerificationRun = typeof verificationRuns.$inferSelect;
export type Review = typeof reviews.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type ShareLink = typeof shareLinks.$inferSelect;
