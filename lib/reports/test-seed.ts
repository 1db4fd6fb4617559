/** A minimal finished audit (model, two datasets, warnings) for the database tests of lib/reports. */
import type { Db } from "@/db/client";
import { DEFAULT_SETTINGS } from "@/db/queries/audits";
import { audits, datasets, models, warnings } from "@/db/schema";

export async function seedAudit(db: Db, opts: { status?: "done" | "running" } = {}) {
  const [model] = await db
    .insert(models)
    .values({
      slug: `m-${Math.random().toString(36).slice(2, 8)}`,
      name: "Test model",
      format: "tfjs-layers",
      inputShape: [28, 28, 1],
      preprocessing: { kind: "image", height: 28, width: 28, channels: 1 },
      weightsHash: "abc",
      sourceDataset: { name: "digits 0-4", description: "test" },
    })
    .returning();
  const ds = await db
    .insert(datasets)
    .values([
      { name: "src", kind: "image", contentHash: `s-${Math.random()}`, labelColumn: "label" },
      { name: "tgt", kind: "image", contentHash: `t-${Math.random()}`, labelColumn: "label" },
    ])
    .returning();
  const [audit] = await db
    .insert(audits)
    .values({
      name: "A",
      modelId: model!.id,
      sourceDatasetId: ds[0]!.id,
      targetDatasetId: ds[1]!.id,
      layers: ["conv1"],
      settings: DEFAULT_SETTINGS,
      status: opts.status ?? "done",
    })
    .returning();
  const ws = await db
    .insert(warnings)
    .values([
      { auditId: audit!.id, category: "bias", severity: "high", code: "h", title: "High one", message: "m" },
      { auditId: audit!.id, category: "shift", severity: "info", code: "i", title: "Info one", message: "m" },
    ])
    .returning();
  return { audit: audit!, warnings: ws };
}
