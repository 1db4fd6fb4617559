import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { audits, jobs, models } from "@/db/schema";
import { auditExtractors } from "@/lib/audits/extractors";
import { bowInput, imageBatch, textBatch } from "@/lib/audits/inputs";
import { claimStageDone, failAudit } from "@/lib/audits/lifecycle";
import { getEngine } from "@/lib/embeddings/engines";
import { engineChoiceFor } from "@/lib/embeddings/registry";
import {
  contentKey,
  existingShardKeys,
  type ShardRow,
  saveShards,
  shardSamples,
} from "@/lib/embeddings/store";
import { PermanentJobError } from "./errors";
import { registerJob } from "./registry";
import type { JobContext } from "./types";
import { defineJob } from "./types";

const payload = z.object({
  auditId: z.string().uuid(),
  datasetId: z.string().uuid(),
  role: z.enum(["source", "target"]),
  extractor: z.enum(["pretrained", "random"]),
  shardIndex: z.number().int().min(0),
  shardSize: z.number().int().min(1).max(10_000),
  expected: z.number().int().min(1),
});

/** Samples go through the model in slices of this many, so memory stays bounded within a shard. */
const SLICE = 64;

export function embedShardKey(auditId: string, role: string, extractor: string, shardIndex: number): string {
  return `embed:${auditId}:${role}:${extractor}:${shardIndex}`;
}

/**
 * Moves the audit to measuring once every embedding shard is done. Many shard jobs may finish at
 * once; the stage claim lets exactly one of them enqueue the next stage.
 */
export async function advanceAfterEmbedding(
  ctx: JobContext,
  auditId: string,
  expected: number,
): Promise<void> {
  const db = ctx.database.db;
  if (expected > 0) {
    // Done first, then count: of two shards finishing at once, the later count sees both.
    await ctx.markDone();
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobs)
      .where(and(eq(jobs.auditId, auditId), eq(jobs.type, "embed.shard"), eq(jobs.status, "done")));
    if ((row?.n ?? 0) < expected) return;
  }
  if (await claimStageDone(db, auditId, "embed")) {
    await ctx.enqueue(
      "audit.stage",
      { auditId, stage: "measure" },
      { key: `stage:${auditId}:measure`, auditId },
    );
  }
}

export const embedShard = defineJob({
  type: "embed.shard",
  payload,
  retryLimit: 3,
  // The lease: a worker killed mid-shard hands the shard to another after this long.
  expireInSeconds: 10 * 60,
  async handler(p, ctx) {
    const db = ctx.database.db;
    const [audit] = await db.select().from(audits).where(eq(audits.id, p.auditId));
    if (!audit) throw new PermanentJobError(`audit ${p.auditId} does not exist`);
    if (audit.status === "failed" || audit.status === "cancelled") return;
    const [model] = await db.select().from(models).where(eq(models.id, audit.modelId));
    if (!model) throw new PermanentJobError(`audit ${p.auditId}: its model is gone`);
    const extractors = auditExtractors(audit, model, p.extractor);
    const shard = await shardSamples(db, p.datasetId, p.shardIndex, p.shardSize);
    const cKey = contentKey(shard.hashes);
    const have = await existingShardKeys(
      db,
      extractors.map((x) => x.key),
      cKey,
    );
    const todo = extractors.filter((x) => !have.has(x.key));
    if (todo.length === 0) {
      await ctx.log(`${p.role} shard ${p.shardIndex} (${p.extractor}): already embedded, reused`);
    } else {
      let spec: Awaited<ReturnType<typeof engineChoiceFor>>["spec"];
      try {
        // The audit's engine setting (auto: ONNX Runtime when it runs the model, else TF.js).
        const choice = await engineChoiceFor(db, model, {
          randomSeed: p.extractor === "random" ? audit.settings.seed : undefined,
          preference: audit.settings.engine ?? "auto",
        });
        spec = choice.spec;
        await ctx.log(
          `${p.role} shard ${p.shardIndex} (${p.extractor}): engine ${spec.engine}, ${choice.reason}`,
        );
        // A text model's word list is part of its input mapping: missing or unreadable, no retry helps.
        if (model.preprocessing.kind === "bow") bowInput(model);
      } catch (e) {
        throw new PermanentJobError((e as Error).message);
      }
      const engine = await getEngine(spec);
      const layers = todo.map((x) => x.layer);
      const outputs = new Map<string, Float32Array[]>(layers.map((l) => [l, []]));
      const dims = new Map<string, number>();
      const okIds: number[] = [];
      const skipped: ShardRow["skipped"] = [];
      const summaries: unknown[] = [];
      const started = Date.now();
      for (let i = 0; i < shard.ids.length; i += SLICE) {
        const ids = shard.ids.slice(i, i + SLICE);
        // Bag-of-words models read samples.text through their vocabulary; every other model images.
        const batch =
          model.preprocessing.kind === "bow"
            ? await textBatch(db, ids, model)
            : await imageBatch(db, ids, model.preprocessing);
        skipped.push(...batch.skipped);
        if (batch.summary) summaries.push(batch.summary);
        if (batch.sampleIds.length > 0) {
          const out = await engine.extract(
            batch.data,
            batch.sampleIds.length,
            layers,
            audit.settings.pooling,
          );
          for (const [layer, o] of out) {
            outputs.get(layer)!.push(o.data);
            dims.set(layer, o.dim);
          }
          okIds.push(...batch.sampleIds);
        }
        await ctx.progress(
          Math.min(i + SLICE, shard.ids.length),
          shard.ids.length,
          `embedding ${p.role} (${p.extractor})`,
        );
      }
      const rows: ShardRow[] = todo.map((x) => {
        const parts = outputs.get(x.layer)!;
        const dim = dims.get(x.layer) ?? 0;
        const data = new Float32Array(okIds.length * dim);
        let off = 0;
        for (const part of parts) {
          data.set(part, off);
          off += part.length;
        }
        return {
          extractorKey: x.key,
          contentKey: cKey,
          datasetId: p.datasetId,
          layer: x.layer,
          shardIndex: p.shardIndex,
          sampleIds: okIds,
          dim,
          data,
          skipped,
          mapping: { slices: summaries },
          engine: engine.name,
          backend: engine.backend,
        };
      });
      await saveShards(db, rows);
      const secs = (Date.now() - started) / 1000;
      await ctx.log(
        `${p.role} shard ${p.shardIndex} (${p.extractor}): ${okIds.length} samples, ${layers.length} layers in ${secs.toFixed(1)} s (${(okIds.length / Math.max(secs, 1e-3)).toFixed(1)} samples/s, ${engine.name}/${engine.backend})${skipped.length ? `; ${skipped.length} skipped` : ""}`,
      );
    }
    await advanceAfterEmbedding(ctx, p.auditId, p.expected);
  },
  async onFailed(p, error, { database }) {
    const id = (p as { auditId?: unknown })?.auditId;
    if (typeof id === "string") await failAudit(database.db, id, `embedding failed: ${error}`);
  },
});

registerJob(embedShard);
