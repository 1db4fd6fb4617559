import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Audit, audits, type Dataset, datasets, type Model, models } from "@/db/schema";
import { auditExtractors, type ExtractorKind } from "@/lib/audits/extractors";
import { type SampleMeta, sampleMeta } from "@/lib/audits/samples";
import { type LoadedEmbeddings, loadEmbeddings, loadFeatureMatrix } from "@/lib/embeddings/store";
import type { JobContext } from "@/lib/jobs/types";

/** What every stage reads: the audit, its model and datasets, sample metadata, embeddings on demand. */
export interface StageContext {
  job: JobContext;
  db: Db;
  audit: Audit;
  model: Model;
  source: Dataset;
  target: Dataset;
  sourceMeta: Map<number, SampleMeta>;
  targetMeta: Map<number, SampleMeta>;
  /** Layers analysed: the audit's layers, or `features` for tabular data. */
  layers: string[];
  embeddings(
    side: "source" | "target",
    layer: string,
    kind?: ExtractorKind,
  ): Promise<LoadedEmbeddings | null>;
}

export async function loadStageContext(job: JobContext, auditId: string): Promise<StageContext> {
  const db = job.database.db;
  const [audit] = await db.select().from(audits).where(eq(audits.id, auditId));
  if (!audit) throw new Error(`audit ${auditId} does not exist`);
  const [model] = await db.select().from(models).where(eq(models.id, audit.modelId));
  const [source] = await db.select().from(datasets).where(eq(datasets.id, audit.sourceDatasetId));
  const [target] = await db.select().from(datasets).where(eq(datasets.id, audit.targetDatasetId));
  if (!model || !source || !target) throw new Error(`audit ${auditId}: its model or a dataset is gone`);
  const [sourceMeta, targetMeta] = await Promise.all([sampleMeta(db, source.id), sampleMeta(db, target.id)]);
  const identity = model.format === "identity";
  const cache = new Map<string, Promise<LoadedEmbeddings | null>>();
  return {
    job,
    db,
    audit,
    model,
    source,
    target,
    sourceMeta,
    targetMeta,
    layers: identity ? ["features"] : audit.layers,
    embeddings(side, layer, kind = "pretrained") {
      const key = `${side}:${layer}:${kind}`;
      let hit = cache.get(key);
      if (!hit) {
        const datasetId = side === "source" ? source.id : target.id;
        if (identity) {
          hit = kind === "random" ? Promise.resolve(null) : loadFeatureMatrix(db, datasetId);
        } else {
          const x = auditExtractors(audit, model, kind).find((e) => e.layer === layer);
          hit = x ? loadEmbeddings(db, datasetId, x.key, audit.settings.shardSize) : Promise.resolve(null);
        }
        cache.set(key, hit);
      }
      return hit;
    },
  };
}
