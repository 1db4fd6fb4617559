import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  type AuditSettings,
  auditArtifacts,
  auditEvents,
  audits,
  biasFindings,
  datasets,
  jobLogs,
  jobs,
  metricResults,
  models,
  recommendations,
  verificationRuns,
  warnings,
} from "@/db/schema";

export const DEFAULT_SETTINGS: AuditSettings = {
  pooling: "avg",
  seed: 0,
  permutations: 1000,
  bootstrap: 200,
  maxSamples: 2000,
  protectedAttributes: [],
  intersections: [],
  favourableLabel: null,
  minGroupSize: 30,
  verify: false,
  engine: "auto",
  shardSize: 256,
};

export async function listAudits(db: Db) {
  return db
    .select({
      id: audits.id,
      name: audits.name,
      status: audits.status,
      stage: audits.stage,
      verdict: audits.verdict,
      highestSeverity: audits.highestSeverity,
      reviewStatus: audits.reviewStatus,
      createdAt: audits.createdAt,
      modelName: models.name,
      modelId: audits.modelId,
      sourceName: sql<string>`(select name from datasets where id = ${audits.sourceDatasetId})`,
      targetName: sql<string>`(select name from datasets where id = ${audits.targetDatasetId})`,
    })
    .from(audits)
    .innerJoin(models, eq(models.id, audits.modelId))
    .orderBy(desc(audits.createdAt));
}

export async function getAudit(db: Db, id: string) {
  const [row] = await db.select().from(audits).where(eq(audits.id, id));
  return row ?? null;
}

/** Everything the report shows, read in one place. */
export async function loadAuditBundle(db: Db, id: string) {
  const audit = await getAudit(db, id);
  if (!audit) return null;
  const [model] = await db.select().from(models).where(eq(models.id, audit.modelId));
  const [source] = await db.select().from(datasets).where(eq(datasets.id, audit.sourceDatasetId));
  const [target] = await db.select().from(datasets).where(eq(datasets.id, audit.targetDatasetId));
  const [metrics, findings, warns, [recommendation], verification, artifacts, events] = await Promise.all([
    db.select().from(metricResults).where(eq(metricResults.auditId, id)).orderBy(asc(metricResults.id)),
    db.select().from(biasFindings).where(eq(biasFindings.auditId, id)).orderBy(asc(biasFindings.id)),
    db.select().from(warnings).where(eq(warnings.auditId, id)).orderBy(asc(warnings.id)),
    db.select().from(recommendations).where(eq(recommendations.auditId, id)),
    db
      .select()
      .from(verificationRuns)
      .where(eq(verificationRuns.auditId, id))
      .orderBy(asc(verificationRuns.id)),
    db.select().from(auditArtifacts).where(eq(auditArtifacts.auditId, id)),
    db.select().from(auditEvents).where(eq(auditEvents.auditId, id)).orderBy(asc(auditEvents.id)),
  ]);
  return {
    audit,
    model: model ?? null,
    source: source ?? null,
    target: target ?? null,
    metrics,
    findings,
    warnings: warns,
    recommendation: recommendation ?? null,
    verification,
    artifacts,
    events,
  };
}

export type AuditBundle = NonNullable<Awaited<ReturnType<typeof loadAuditBundle>>>;

/** Progress across an audit's jobs, for the live progress view. */
export async function auditProgress(db: Db, id: string) {
  const rows = await db
    .select({
      type: jobs.type,
      status: jobs.status,
      done: jobs.done,
      total: jobs.total,
      stage: jobs.stage,
      startedAt: jobs.startedAt,
      updatedAt: jobs.updatedAt,
      finishedAt: jobs.finishedAt,
      error: jobs.error,
    })
    .from(jobs)
    .where(eq(jobs.auditId, id));
  const logs = await db
    .select({ at: jobLogs.at, level: jobLogs.level, message: jobLogs.message })
    .from(jobLogs)
    .where(eq(jobLogs.auditId, id))
    .orderBy(desc(jobLogs.id))
    .limit(50);
  return { jobs: rows, logs: logs.reverse() };
}
