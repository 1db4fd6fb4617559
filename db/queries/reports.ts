/**
 * Queries of the report side of the dashboard: share links, reviews and the audit trail, progress
 * rows, and what audits found about a model or a dataset. Plain functions taking the handle first.
 */
import { and, asc, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  auditArtifacts,
  auditEvents,
  audits,
  datasets,
  jobLogs,
  jobs,
  models,
  type ReviewStatus,
  recommendations,
  reviews,
  samples,
  shareLinks,
  user,
  warnings,
} from "@/db/schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is "not found", not a database error. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

// ---- share links --------------------------------------------------------------------------------

export async function insertShareLink(
  db: Db,
  values: {
    auditId: string;
    tokenHash: string;
    label: string | null;
    createdBy: string | null;
    expiresAt: Date | null;
  },
) {
  const [row] = await db.insert(shareLinks).values(values).returning();
  if (!row) throw new Error("insertShareLink: the insert returned no row");
  return row;
}

export async function listShareLinks(db: Db, auditId: string) {
  return db
    .select()
    .from(shareLinks)
    .where(eq(shareLinks.auditId, auditId))
    .orderBy(desc(shareLinks.createdAt));
}

/** The link with this token hash that is neither revoked nor expired at the database's `now()`. */
export async function findLiveShareLink(db: Db, tokenHash: string) {
  const [row] = await db
    .select()
    .from(shareLinks)
    .where(
      and(
        eq(shareLinks.tokenHash, tokenHash),
        isNull(shareLinks.revokedAt),
        or(isNull(shareLinks.expiresAt), sql`${shareLinks.expiresAt} > now()`),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function touchShareLink(db: Db, id: number): Promise<void> {
  await db.update(shareLinks).set({ lastUsedAt: sql`now()` }).where(eq(shareLinks.id, id));
}

/** Revokes a link of this audit; returns false when there is no such live link. */
export async function revokeShareLinkRow(db: Db, id: number, auditId: string): Promise<boolean> {
  const rows = await db
    .update(shareLinks)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(shareLinks.id, id), eq(shareLinks.auditId, auditId), isNull(shareLinks.revokedAt)))
    .returning({ id: shareLinks.id });
  return rows.length === 1;
}

// ---- reviews and the trail ----------------------------------------------------------------------

/** reviews.userId references the user table: a user without a row there (the interim local user) is stored as null. */
export async function knownUserId(db: Db, id: string): Promise<string | null> {
  const [row] = await db.select({ id: user.id }).from(user).where(eq(user.id, id)).limit(1);
  return row?.id ?? null;
}

export async function getWarning(db: Db, auditId: string, warningId: number) {
  const [row] = await db
    .select()
    .from(warnings)
    .where(and(eq(warnings.id, warningId), eq(warnings.auditId, auditId)))
    .limit(1);
  return row ?? null;
}

export async function setWarningReviewState(
  db: Db,
  warningId: number,
  state: "open" | "acknowledged" | "mitigated" | "blocking",
): Promise<void> {
  await db.update(warnings).set({ reviewState: state }).where(eq(warnings.id, warningId));
}

export async function insertReview(db: Db, values: typeof reviews.$inferInsert): Promise<void> {
  await db.insert(reviews).values(values);
}

export async function insertAuditEvent(db: Db, values: typeof auditEvents.$inferInsert): Promise<void> {
  await db.insert(auditEvents).values(values);
}

export async function setReviewStatus(
  db: Db,
  auditId: string,
  from: ReviewStatus,
  to: ReviewStatus,
): Promise<boolean> {
  // Guarded by the expected current state, so two reviewers acting at once cannot both win.
  const rows = await db
    .update(audits)
    .set({ reviewStatus: to, updatedAt: sql`now()` })
    .where(and(eq(audits.id, auditId), eq(audits.reviewStatus, from)))
    .returning({ id: audits.id });
  return rows.length === 1;
}

/** Review decisions on the audit's warnings, oldest first, with the reviewer's email when known. */
export async function warningReviewEvents(db: Db, auditId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.auditId, auditId), eq(auditEvents.action, "warning_review")))
    .orderBy(asc(auditEvents.id));
}

// ---- progress -----------------------------------------------------------------------------------

export async function progressJobs(db: Db, auditId: string) {
  return db
    .select({
      type: jobs.type,
      status: jobs.status,
      stage: jobs.stage,
      done: jobs.done,
      total: jobs.total,
      attempts: jobs.attempts,
      error: jobs.error,
      payload: jobs.payload,
      startedAt: jobs.startedAt,
      updatedAt: jobs.updatedAt,
      finishedAt: jobs.finishedAt,
    })
    .from(jobs)
    .where(eq(jobs.auditId, auditId));
}

export async function recentLogs(db: Db, auditId: string, limit = 60) {
  const rows = await db
    .select({ id: jobLogs.id, at: jobLogs.at, level: jobLogs.level, message: jobLogs.message })
    .from(jobLogs)
    .where(eq(jobLogs.auditId, auditId))
    .orderBy(desc(jobLogs.id))
    .limit(limit);
  return rows.reverse();
}

export async function auditHeader(db: Db, auditId: string) {
  if (!isUuid(auditId)) return null;
  const [row] = await db
    .select({
      id: audits.id,
      name: audits.name,
      status: audits.status,
      stage: audits.stage,
      error: audits.error,
      settings: audits.settings,
      createdAt: audits.createdAt,
      updatedAt: audits.updatedAt,
      finishedAt: audits.finishedAt,
      sourceCount:
        sql<number>`(select sample_count from datasets where id = ${audits.sourceDatasetId})`.mapWith(Number),
      targetCount:
        sql<number>`(select sample_count from datasets where id = ${audits.targetDatasetId})`.mapWith(Number),
    })
    .from(audits)
    .where(eq(audits.id, auditId));
  return row ?? null;
}

// ---- what audits found about a model or a dataset -----------------------------------------------

export interface AuditFinding {
  id: string;
  name: string;
  status: string;
  reviewStatus: string;
  verdict: string | null;
  highestSeverity: string | null;
  splitLayer: string | null;
  confidenceLabel: string | null;
  createdAt: Date;
  modelName: string;
  /** The model's format (`identity` for features used as given): says why a verdict may be missing. */
  modelFormat: string;
  sourceId: string;
  sourceName: string;
  targetId: string;
  targetName: string;
  role?: "source" | "target";
}

async function auditRows(db: Db, where: ReturnType<typeof eq>): Promise<AuditFinding[]> {
  const rows = await db
    .select({
      id: audits.id,
      name: audits.name,
      status: audits.status,
      reviewStatus: audits.reviewStatus,
      verdict: audits.verdict,
      highestSeverity: audits.highestSeverity,
      splitLayer: recommendations.splitLayer,
      confidenceLabel: recommendations.confidenceLabel,
      createdAt: audits.createdAt,
      modelName: models.name,
      modelFormat: models.format,
      sourceId: audits.sourceDatasetId,
      targetId: audits.targetDatasetId,
      sourceName: sql<string>`(select name from datasets where id = ${audits.sourceDatasetId})`,
      targetName: sql<string>`(select name from datasets where id = ${audits.targetDatasetId})`,
    })
    .from(audits)
    .innerJoin(models, eq(models.id, audits.modelId))
    .leftJoin(recommendations, eq(recommendations.auditId, audits.id))
    .where(where)
    .orderBy(desc(audits.createdAt));
  return rows;
}

export async function auditsForModel(db: Db, modelId: string): Promise<AuditFinding[]> {
  return auditRows(db, eq(audits.modelId, modelId));
}

export async function auditsForDataset(db: Db, datasetId: string): Promise<AuditFinding[]> {
  const rows = await auditRows(
    db,
    or(eq(audits.sourceDatasetId, datasetId), eq(audits.targetDatasetId, datasetId)) as ReturnType<typeof eq>,
  );
  return rows.map((r) => ({ ...r, role: r.sourceId === datasetId ? "source" : "target" }));
}

/** The warnings of a set of audits, most severe first: what the audits found. */
export async function warningsOfAudits(db: Db, auditIds: string[]) {
  if (auditIds.length === 0) return [];
  return db
    .select({
      id: warnings.id,
      auditId: warnings.auditId,
      category: warnings.category,
      severity: warnings.severity,
      title: warnings.title,
      message: warnings.message,
      reviewState: warnings.reviewState,
    })
    .from(warnings)
    .where(inArray(warnings.auditId, auditIds))
    .orderBy(
      sql`case ${warnings.severity} when 'high' then 0 when 'medium' then 1 else 2 end`,
      asc(warnings.id),
    );
}

export async function datasetNames(db: Db) {
  return db.select({ id: datasets.id, name: datasets.name }).from(datasets);
}

/** The state of the first-start demo build (job `demo.seed`), or null when there is none. */
export async function demoSeedJob(db: Db) {
  const [row] = await db
    .select({ status: jobs.status, done: jobs.done, total: jobs.total, stage: jobs.stage, error: jobs.error })
    .from(jobs)
    .where(eq(jobs.type, "demo.seed"))
    .orderBy(desc(jobs.updatedAt))
    .limit(1);
  return row ?? null;
}

/** Label values of every dataset with their counts (the new-audit form offers them as favourable labels). */
export async function labelsByDataset(db: Db): Promise<Map<string, { value: string; count: number }[]>> {
  const rows = await db
    .select({
      datasetId: samples.datasetId,
      value: samples.label,
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(samples)
    .where(sql`${samples.label} is not null`)
    .groupBy(samples.datasetId, samples.label);
  const out = new Map<string, { value: string; count: number }[]>();
  for (const r of rows) {
    if (r.value === null) continue;
    if (!out.has(r.datasetId)) out.set(r.datasetId, []);
    out.get(r.datasetId)!.push({ value: r.value, count: r.count });
  }
  for (const list of out.values())
    list.sort((a, b) => a.value.localeCompare(b.value, "en", { numeric: true }));
  return out;
}

/** One stored artifact of an audit (the first of its kind), without loading the rest of the report. */
export async function auditArtifact(db: Db, auditId: string, kind: string) {
  const [row] = await db
    .select()
    .from(auditArtifacts)
    .where(and(eq(auditArtifacts.auditId, auditId), eq(auditArtifacts.kind, kind)))
    .limit(1);
  return row ?? null;
}
