import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type AuditStage, auditStages, audits } from "@/db/schema";

export async function setAuditStage(db: Db, auditId: string, stage: AuditStage): Promise<void> {
  await db
    .update(audits)
    .set({ status: "running", stage, error: null, updatedAt: sql`now()` })
    .where(eq(audits.id, auditId));
}

/**
 * Records that `stage` finished. Returns true for exactly one caller however many finish it at once
 * (a retried or duplicated job): that caller enqueues the next stage.
 */
export async function claimStageDone(db: Db, auditId: string, stage: AuditStage): Promise<boolean> {
  const rows = await db
    .insert(auditStages)
    .values({ auditId, stage })
    .onConflictDoNothing()
    .returning({ stage: auditStages.stage });
  return rows.length === 1;
}

export async function stageDone(db: Db, auditId: string, stage: AuditStage): Promise<boolean> {
  const rows = await db
    .select({ s: auditStages.stage })
    .from(auditStages)
    .where(sql`${auditStages.auditId} = ${auditId} and ${auditStages.stage} = ${stage}`);
  return rows.length > 0;
}

export async function failAudit(db: Db, auditId: string, reason: string): Promise<void> {
  await db
    .update(audits)
    .set({ status: "failed", error: reason, updatedAt: sql`now()`, finishedAt: sql`now()` })
    .where(eq(audits.id, auditId));
}

export async function finishAudit(
  db: Db,
  auditId: string,
  fields: Partial<Pick<typeof audits.$inferInsert, "verdict" | "highestSeverity" | "runtime">>,
): Promise<void> {
  await db
    .update(audits)
    .set({ ...fields, status: "done", stage: "report", updatedAt: sql`now()`, finishedAt: sql`now()` })
    .where(eq(audits.id, auditId));
}
