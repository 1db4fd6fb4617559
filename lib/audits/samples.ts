import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { samples } from "@/db/schema";

export interface SampleMeta {
  id: number;
  externalId: string;
  label: string | null;
  attributes: Record<string, string | null>;
}

/** Labels and attributes of a dataset's samples, by samples.id, in ordinal order. */
export async function sampleMeta(db: Db, datasetId: string): Promise<Map<number, SampleMeta>> {
  const rows = await db
    .select({
      id: samples.id,
      externalId: samples.externalId,
      label: samples.label,
      attributes: samples.attributes,
    })
    .from(samples)
    .where(eq(samples.datasetId, datasetId))
    .orderBy(asc(samples.ordinal));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Class names (sorted) and a class index per row, for rows whose label is known. */
export function encodeLabels(
  ids: readonly number[],
  meta: Map<number, SampleMeta>,
): { classes: string[]; y: Int32Array; rows: number[] } {
  const labels = ids.map((id) => meta.get(id)?.label ?? null);
  const classes = [...new Set(labels.filter((l): l is string => l !== null && l !== ""))].sort((a, b) =>
    a.localeCompare(b, "en", { numeric: true }),
  );
  const index = new Map(classes.map((c, i) => [c, i]));
  const rows: number[] = [];
  const y: number[] = [];
  labels.forEach((l, i) => {
    if (l !== null && index.has(l)) {
      rows.push(i);
      y.push(index.get(l)!);
    }
  });
  return { classes, y: Int32Array.from(y), rows };
}
