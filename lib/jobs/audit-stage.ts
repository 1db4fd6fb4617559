import { eq } from "drizzle-orm";
import { z } from "zod";
import { audits } from "@/db/schema";
import { claimStageDone, failAudit, setAuditStage, stageDone } from "@/lib/audits/lifecycle";
import { loadStageContext, type StageContext } from "@/lib/audits/stages/context";
import { PermanentJobError } from "./errors";
import { registerJob } from "./registry";
import { defineJob } from "./types";

const STAGES = ["measure", "bias", "recommend", "verify", "report"] as const;
type Stage = (typeof STAGES)[number];

const payload = z.object({ auditId: z.string().uuid(), stage: z.enum(STAGES) });

async function runStage(stage: Stage, ctx: StageContext): Promise<void> {
  switch (stage) {
    case "measure":
      return (await import("@/lib/audits/stages/measure")).runMeasureStage(ctx);
    case "bias":
      return (await import("@/lib/audits/stages/bias")).runBiasStage(ctx);
    case "recommend":
      return (await import("@/lib/audits/stages/recommend")).runRecommendStage(ctx);
    case "verify":
      return (await import("@/lib/audits/stages/verify")).runVerifyStage(ctx);
    case "report":
      return (await import("@/lib/audits/stages/report")).runReportStage(ctx);
  }
}

function nextStage(stage: Stage, verify: boolean): Stage | null {
  const i = STAGES.indexOf(stage);
  let next = STAGES[i + 1] ?? null;
  if (next === "verify" && !verify) next = "report";
  return next;
}

/**
 * One stage of an audit after embedding. Each stage replaces its own results (so a retry after a
 * crash rewrites, never duplicates) and, once done, exactly one caller enqueues the next.
 */
export const auditStage = defineJob({
  type: "audit.stage",
  payload,
  retryLimit: 2,
  expireInSeconds: 30 * 60,
  // Two at once, so one audit's long verification does not hold another audit's stages back.
  concurrency: 2,
  async handler({ auditId, stage }, job) {
    const db = job.database.db;
    const [audit] = await db.select({ status: audits.status }).from(audits).where(eq(audits.id, auditId));
    if (!audit) throw new PermanentJobError(`audit ${auditId} does not exist`);
    if (audit.status === "failed" || audit.status === "cancelled") return;
    if (!(await stageDone(db, auditId, stage))) {
      await setAuditStage(db, auditId, stage);
      const ctx = await loadStageContext(job, auditId);
      const started = Date.now();
      await runStage(stage, ctx);
      await job.log(`stage ${stage} finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    await claimStageDone(db, auditId, stage);
    // Always (re-)enqueue the next stage: the key makes it one job, and a crash between the claim
    // and the send above is healed by the retry that lands here again.
    const [row] = await db.select({ settings: audits.settings }).from(audits).where(eq(audits.id, auditId));
    const next = nextStage(stage, row?.settings.verify ?? false);
    if (next)
      await job.enqueue(
        "audit.stage",
        { auditId, stage: next },
        { key: `stage:${auditId}:${next}`, auditId },
      );
  },
  async onFailed(p, error, { database }) {
    const q = p as { auditId?: unknown; stage?: unknown };
    if (typeof q?.auditId === "string")
      await failAudit(database.db, q.auditId, `${String(q.stage)} failed: ${error}`);
  },
});

registerJob(auditStage);
