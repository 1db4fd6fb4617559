import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { audits, modelLayers, models } from "@/db/schema";

export async function listModels(db: Db) {
  return db.select().from(models).orderBy(desc(models.isBundled), asc(models.name));
}

export async function getModel(db: Db, idOrSlug: string) {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const [row] = await db
    .select()
    .from(models)
    .where(isUuid ? eq(models.id, idOrSlug) : eq(models.slug, idOrSlug));
  return row ?? null;
}

export async function modelLayersOf(db: Db, modelId: string) {
  return db
    .select()
    .from(modelLayers)
    .where(eq(modelLayers.modelId, modelId))
    .orderBy(asc(modelLayers.index));
}

export async function auditsOfModel(db: Db, modelId: string) {
  return db.select().from(audits).where(eq(audits.modelId, modelId)).orderBy(desc(audits.createdAt));
}
