/**
 * Start-up sweep for audits left mid-flight by a crash. pg-boss keeps queued jobs and re-delivers
 * jobs whose worker died (after their lease), so most work resumes by itself; what it cannot see is
 * a fan-in that was interrupted between "this shard is done" and "the next stage is queued". For
 * every unfinished audit this re-sends the job it should be waiting on; sends are idempotent (the
 * job key), so a job still in flight is not duplicated.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditStages, audits, jobs } from "@/db/schema";
import type { JobQueue } from "@/lib/jobs/queue";

const ORDER = ["measure", "bias", "recommend", "verify", "report"] as const;

export async function resumeUnfinishedAudits(db: Db, queue: JobQueue): Promise<number> {
  const open = await db
    .select()
    .from(audits)
    .where(inArray(audits.status, ["queued", "running"]));
  let resent = 0;
  for (const a of open) {
    const done = new Set(
      (await db.select({ s: auditStages.stage }).from(auditStages).where(eq(auditStages.auditId, a.id))).map(
        (r) => r.s,
      ),
    );
    const opts = { auditId: a.id, priority: a.isDemo ? -10 : 0 };
    if (!done.has("embed")) {
      const [plan] = await db
        .select()
        .from(jobs)
        .where(eq(jobs.key, `plan:${a.id}`));
      if (plan?.status !== "done") {
        await queue.enqueue("audit.plan", { auditId: a.id }, { key: `plan:${a.id}`, ...opts });
        resent++;
        continue;
      }
      const [{ open: pending } = { open: 0 }] = await db
        .select({ open: sql<number>`count(*)::int` })
        .from(jobs)
        .where(and(eq(jobs.auditId, a.id), eq(jobs.type, "embed.shard"), sql`${jobs.status} <> 'done'`));
      if (pending > 0) {
        // Shard jobs still queued or running are pg-boss's to deliver; stale ones are re-sent.
        const stale = await db
          .select()
          .from(jobs)
          .where(and(eq(jobs.auditId, a.id), eq(jobs.type, "embed.shard"), sql`${jobs.status} <> 'done'`));
        for (const j of stale) {
          await queue.enqueue("embed.shard", j.payload, { key: j.key, ...opts });
          resent++;
        }
        continue;
      }
      await db.insert(auditStages).values({ auditId: a.id, stage: "embed" }).onConflictDoNothing();
      done.add("embed");
    }
    const next = ORDER.find((s) => !done.has(s) && (s !== "verify" || a.settings.verify));
    if (next) {
      await queue.enqueue(
        "audit.stage",
        { auditId: a.id, stage: next },
        { key: `stage:${a.id}:${next}`, ...opts },
      );
      resent++;
    }
  }
  return resent;
}
