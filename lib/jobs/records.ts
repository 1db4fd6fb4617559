import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobLogs, jobs } from "@/db/schema";

/** Our user-facing job records: status, progress and a readable log. */
export async function upsertJobRecord(
  db: Db,
  rec: { key: string; type: string; auditId: string | null; payload: Record<string, unknown> },
): Promise<{ id: string; status: string; created: boolean; updatedAt: Date }> {
  const inserted = await db
    .insert(jobs)
    .values({ key: rec.key, type: rec.type, auditId: rec.auditId, payload: rec.payload })
    .onConflictDoNothing({ target: jobs.key })
    .returning({ id: jobs.id, status: jobs.status, updatedAt: jobs.updatedAt });
  if (inserted[0]) return { ...inserted[0], created: true };
  const [existing] = await db
    .select({ id: jobs.id, status: jobs.status, updatedAt: jobs.updatedAt })
    .from(jobs)
    .where(eq(jobs.key, rec.key));
  if (!existing) throw new Error(`job record ${rec.key} vanished`);
  return { ...existing, created: false };
}

/** Marks a record as sent again (re-queued after a failure or a lost send). */
export async function touchQueued(db: Db, id: string): Promise<void> {
  await db.update(jobs).set({ status: "queued", updatedAt: sql`now()` }).where(eq(jobs.id, id));
}

export async function markRunning(db: Db, id: string, workerId: string, attempt: number): Promise<void> {
  await db
    .update(jobs)
    .set({
      status: "running",
      workerId,
      attempts: attempt,
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
      updatedAt: sql`now()`,
      error: null,
    })
    .where(eq(jobs.id, id));
}

export async function markFinished(
  db: Db,
  id: string,
  status: "done" | "failed" | "retrying",
  error: string | null = null,
): Promise<void> {
  await db
    .update(jobs)
    .set({
      status,
      error,
      updatedAt: sql`now()`,
      finishedAt: status === "retrying" ? null : sql`now()`,
    })
    .where(eq(jobs.id, id));
}

export async function setProgress(
  db: Db,
  id: string,
  done: number,
  total: number,
  stage?: string,
): Promise<void> {
  await db
    .update(jobs)
    .set({ done, total, ...(stage ? { stage } : {}), updatedAt: sql`now()` })
    .where(eq(jobs.id, id));
}

export async function appendLog(
  db: Db,
  rec: {
    jobId: string;
    auditId: string | null;
    level: "info" | "warn" | "error";
    message: string;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  await db.insert(jobLogs).values(rec);
}

export async function jobByKey(db: Db, key: string) {
  const [row] = await db.select().from(jobs).where(eq(jobs.key, key));
  return row ?? null;
}

export async function jobsForAudit(db: Db, auditId: string) {
  return db.select().from(jobs).where(eq(jobs.auditId, auditId));
}

export async function countJobs(db: Db, auditId: string, type: string, status?: string): Promise<number> {
  const where = status
    ? and(eq(jobs.auditId, auditId), eq(jobs.type, type), eq(jobs.status, status as "done"))
    : and(eq(jobs.auditId, auditId), eq(jobs.type, type));
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(where);
  return row?.n ?? 0;
}
