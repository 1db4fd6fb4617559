import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { audits, datasets, models, samples } from "@/db/schema";
import { failAudit, setAuditStage } from "@/lib/audits/lifecycle";
import { advanceAfterEmbedding, embedShardKey } from "./embed-shard";
import { PermanentJobError } from "./errors";
import { registerJob } from "./registry";
import { defineJob } from "./types";

const payload = z.object({ auditId: z.string().uuid() });

/**
 * Cuts both datasets into shards and queues one embedding job per (dataset, extractor, shard).
 * Shards already in the cache finish at once in their job; the last shard to finish moves the
 * audit on. Models without an engine (tabular features) skip straight to measuring.
 */
export const auditPlan = defineJob({
  type: "audit.plan",
  payload,
  retryLimit: 3,
  async handler({ auditId }, ctx) {
    const db = ctx.database.db;
    const [audit] = await db.select().from(audits).where(eq(audits.id, auditId));
    if (!audit) throw new PermanentJobError(`audit ${auditId} does not exist`);
    const [model] = await db.select().from(models).where(eq(models.id, audit.modelId));
    if (!model) throw new PermanentJobError(`audit ${auditId}: its model is gone`);
    await setAuditStage(db, auditId, "embed");
    const counts = await db
      .select({ datasetId: samples.datasetId, n: sql<number>`count(*)::int` })
      .from(samples)
      .where(sql`${samples.datasetId} in (${audit.sourceDatasetId}, ${audit.targetDatasetId})`)
      .groupBy(samples.datasetId);
    const nOf = (id: string) => counts.find((c) => c.datasetId === id)?.n ?? 0;
    for (const id of [audit.sourceDatasetId, audit.targetDatasetId]) {
      if (nOf(id) < 2) {
        const [d] = await db.select({ name: datasets.name }).from(datasets).where(eq(datasets.id, id));
        throw new PermanentJobError(
          `dataset '${d?.name ?? id}' has ${nOf(id)} samples: an audit needs at least 2 per side`,
        );
      }
    }
    if (model.format === "identity") {
      await ctx.log("tabular features: nothing to embed");
      await advanceAfterEmbedding(ctx, auditId, 0);
      return;
    }
    const size = audit.settings.shardSize;
    const jobsToSend: {
      datasetId: string;
      role: "source" | "target";
      extractor: "pretrained" | "random";
      shardIndex: number;
    }[] = [];
    for (const [role, datasetId] of [
      ["source", audit.sourceDatasetId],
      ["target", audit.targetDatasetId],
    ] as const) {
      const shards = Math.ceil(nOf(datasetId) / size);
      for (const extractor of ["pretrained", "random"] as const) {
        for (let s = 0; s < shards; s++) jobsToSend.push({ datasetId, role, extractor, shardIndex: s });
      }
    }
    await ctx.log(
      `${jobsToSend.length} embedding shards of up to ${size} samples (source ${nOf(audit.sourceDatasetId)}, target ${nOf(audit.targetDatasetId)}; pretrained and random-init)`,
    );
    let i = 0;
    for (const j of jobsToSend) {
      await ctx.enqueue(
        "embed.shard",
        { auditId, ...j, shardSize: size, expected: jobsToSend.length },
        { key: embedShardKey(auditId, j.role, j.extractor, j.shardIndex), auditId },
      );
      await ctx.progress(++i, jobsToSend.length, "planning");
    }
  },
  async onFailed(p, error, { database }) {
    if (typeof (p as { auditId?: unknown })?.auditId === "string")
      await failAudit(database.db, (p as { auditId: string }).auditId, error);
  },
});

registerJob(auditPlan);
