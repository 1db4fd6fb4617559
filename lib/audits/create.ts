import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { DEFAULT_SETTINGS } from "@/db/queries/audits";
import {
  type Audit,
  type AuditSettings,
  auditEvents,
  audits,
  datasets,
  modelLayers,
  models,
} from "@/db/schema";

export const createAuditInput = z.object({
  name: z.string().trim().min(1, "name is required").max(200),
  modelId: z.string().uuid("modelId must be a model id"),
  sourceDatasetId: z.string().uuid("sourceDatasetId must be a dataset id"),
  targetDatasetId: z.string().uuid("targetDatasetId must be a dataset id"),
  layers: z.array(z.string().min(1)).min(1, "pick at least one layer").max(12),
  settings: z
    .object({
      pooling: z.enum(["avg", "max"]),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
      permutations: z.number().int().min(0).max(20_000),
      bootstrap: z.number().int().min(0).max(5000),
      maxSamples: z.number().int().min(50).max(20_000),
      protectedAttributes: z.array(z.string()),
      intersections: z.array(z.tuple([z.string(), z.string()])),
      favourableLabel: z.string().nullable(),
      minGroupSize: z.number().int().min(1).max(100_000),
      verify: z.boolean(),
      engine: z.enum(["auto", "tfjs", "onnx"]),
      shardSize: z.number().int().min(16).max(4096),
      referenceDistributions: z.record(z.string(), z.record(z.string(), z.number())).optional(),
    })
    .partial()
    .default({}),
  isDemo: z.boolean().optional(),
  createdBy: z.string().nullable().optional(),
});

export type CreateAuditInput = z.input<typeof createAuditInput>;

export class AuditInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "AuditInputError";
  }
}

/** Validates an audit against what exists (model, layers, datasets, attributes) and stores it queued. */
export async function createAudit(db: Db, raw: CreateAuditInput): Promise<Audit> {
  const parsed = createAuditInput.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AuditInputError(i.path.join(".") || "input", i.message);
  }
  const input = parsed.data;
  const [model] = await db.select().from(models).where(eq(models.id, input.modelId));
  if (!model) throw new AuditInputError("modelId", `no model with id ${input.modelId}`);
  const layerRows = await db
    .select({ name: modelLayers.name })
    .from(modelLayers)
    .where(eq(modelLayers.modelId, model.id));
  const known = new Set(layerRows.map((l) => l.name));
  const unknown = input.layers.filter((l) => !known.has(l));
  if (unknown.length > 0) {
    throw new AuditInputError(
      "layers",
      `${unknown.join(", ")} ${unknown.length === 1 ? "is not a layer" : "are not layers"} of ${model.name}`,
    );
  }
  if (input.sourceDatasetId === input.targetDatasetId) {
    throw new AuditInputError("targetDatasetId", "source and target must be different datasets");
  }
  const ds = await db
    .select()
    .from(datasets)
    .where(inArray(datasets.id, [input.sourceDatasetId, input.targetDatasetId]));
  const source = ds.find((d) => d.id === input.sourceDatasetId);
  const target = ds.find((d) => d.id === input.targetDatasetId);
  if (!source) throw new AuditInputError("sourceDatasetId", `no dataset with id ${input.sourceDatasetId}`);
  if (!target) throw new AuditInputError("targetDatasetId", `no dataset with id ${input.targetDatasetId}`);
  const wantsImages = model.format !== "identity" && model.preprocessing.kind === "image";
  for (const [field, d] of [
    ["sourceDatasetId", source],
    ["targetDatasetId", target],
  ] as const) {
    if (wantsImages && d.kind !== "image") {
      throw new AuditInputError(field, `${model.name} reads images, but '${d.name}' is a ${d.kind} dataset`);
    }
    if (model.format === "identity" && d.kind !== "tabular" && d.kind !== "embedding") {
      throw new AuditInputError(
        field,
        `the features model needs tabular or embedding data, '${d.name}' is ${d.kind}`,
      );
    }
    if (model.preprocessing.kind === "bow" && d.kind !== "text") {
      throw new AuditInputError(field, `${model.name} reads text, but '${d.name}' is a ${d.kind} dataset`);
    }
  }
  if (!target.labelColumn) {
    throw new AuditInputError(
      "targetDatasetId",
      `'${target.name}' has no label column: transferability needs target labels`,
    );
  }
  const settings: AuditSettings = { ...DEFAULT_SETTINGS, ...input.settings };
  const attrsOf = (d: typeof source) => new Set(d.attributeColumns.map((a) => a.name));
  for (const a of settings.protectedAttributes) {
    if (!attrsOf(source).has(a) && !attrsOf(target).has(a)) {
      throw new AuditInputError("settings.protectedAttributes", `'${a}' is an attribute of neither dataset`);
    }
  }
  for (const pair of settings.intersections) {
    for (const a of pair) {
      if (!settings.protectedAttributes.includes(a)) {
        throw new AuditInputError("settings.intersections", `'${a}' must also be a protected attribute`);
      }
    }
  }
  return db.transaction(async (tx) => {
    const [audit] = await tx
      .insert(audits)
      .values({
        name: input.name,
        modelId: model.id,
        sourceDatasetId: source.id,
        targetDatasetId: target.id,
        layers: input.layers,
        settings,
        isDemo: input.isDemo ?? false,
        createdBy: input.createdBy ?? null,
      })
      .returning();
    if (!audit) throw new Error("audit insert returned nothing");
    await tx.insert(auditEvents).values({
      auditId: audit.id,
      actorId: input.createdBy ?? null,
      action: "created",
      toState: "draft",
      detail: { layers: input.layers, settings },
    });
    return audit;
  });
}

export function planJobKey(auditId: string): string {
  return `plan:${auditId}`;
}
