/**
 * Dataset and sample queries. Plain functions that take the database handle first, so an import
 * transaction, a job, a test and a page can each pass their own handle.
 */
import { and, asc, desc, eq, getTableColumns, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  type AttributeColumn,
  type Dataset,
  datasets,
  type NewDataset,
  type NewSample,
  type Sample,
  type SkippedSample,
  samples,
} from "@/db/schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Postgres rejects a malformed uuid with an error; a page asking for /datasets/foo wants "not found". */
function isUuid(id: string): boolean {
  return UUID.test(id);
}

// ---------------------------------------------------------------------------------------------
// Writes (used by lib/datasets inside one transaction)

export async function findDatasetByContentHash(db: Db, contentHash: string): Promise<Dataset | null> {
  const rows = await db.select().from(datasets).where(eq(datasets.contentHash, contentHash)).limit(1);
  return rows[0] ?? null;
}

export async function insertDataset(db: Db, values: NewDataset): Promise<Dataset> {
  const rows = await db.insert(datasets).values(values).returning();
  const row = rows[0];
  if (!row) throw new Error("insertDataset: the insert returned no row");
  return row;
}

export async function insertSamples(db: Db, rows: NewSample[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(samples).values(rows);
}

export async function finishDataset(
  db: Db,
  id: string,
  values: { sampleCount: number; skipped: SkippedSample[]; missingCounts: Record<string, number> },
): Promise<void> {
  await db.update(datasets).set(values).where(eq(datasets.id, id));
}

export async function deleteDataset(db: Db, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const rows = await db.delete(datasets).where(eq(datasets.id, id)).returning({ id: datasets.id });
  return rows.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Reads

export type DatasetListItem = Omit<Dataset, "skipped" | "missingCounts"> & { skippedCount: number };

/** Every dataset, newest first, without the (possibly long) skipped list. */
export async function listDatasets(db: Db): Promise<DatasetListItem[]> {
  const { skipped: _s, missingCounts: _m, ...columns } = getTableColumns(datasets);
  const rows = await db
    .select({
      ...columns,
      skippedCount: sql<number>`jsonb_array_length(${datasets.skipped})`.mapWith(Number),
    })
    .from(datasets)
    .orderBy(desc(datasets.createdAt), asc(datasets.name));
  return rows;
}

export async function getDataset(db: Db, id: string): Promise<Dataset | null> {
  if (!isUuid(id)) return null;
  const rows = await db.select().from(datasets).where(eq(datasets.id, id)).limit(1);
  return rows[0] ?? null;
}

export interface ValueCount {
  value: string;
  count: number;
}

export interface ColumnDistribution {
  /** Counts of each non-missing value, largest first (ties by value). */
  counts: ValueCount[];
  /** Samples with no value. */
  missing: number;
}

export interface AttributeDistribution extends ColumnDistribution {
  name: string;
  protected: boolean;
  inferredBy: string | null;
}

export interface DatasetSummary {
  datasetId: string;
  kind: Dataset["kind"];
  sampleCount: number;
  label: (ColumnDistribution & { column: string | null }) | null;
  attributes: AttributeDistribution[];
  /** Missing cells per column as counted at import (features, label, attributes). */
  missingCounts: Record<string, number>;
  skipped: SkippedSample[];
}

function toDistribution(rows: { value: string | null; count: number }[]): ColumnDistribution {
  let missing = 0;
  const counts: ValueCount[] = [];
  for (const r of rows) {
    if (r.value === null) missing += r.count;
    else counts.push({ value: r.value, count: r.count });
  }
  counts.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return { counts, missing };
}

/** The dataset page's numbers: label and attribute distributions with counts and missing counts. */
export async function datasetSummary(db: Db, id: string): Promise<DatasetSummary | null> {
  const dataset = await getDataset(db, id);
  if (!dataset) return null;
  const labelRows = await db
    .select({ value: samples.label, count: sql<number>`count(*)`.mapWith(Number) })
    .from(samples)
    .where(eq(samples.datasetId, id))
    .groupBy(samples.label);
  // One pass over all attribute values: every sample stores every attribute key (null = missing).
  const attrRows = await db
    .select({
      name: sql<string>`a.key`,
      value: sql<string | null>`a.value`,
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(sql`${samples} cross join lateral jsonb_each_text(${samples.attributes}) as a(key, value)`)
    .where(eq(samples.datasetId, id))
    .groupBy(sql`1, 2`);
  const attributes: AttributeDistribution[] = (dataset.attributeColumns as AttributeColumn[]).map((a) => ({
    name: a.name,
    protected: a.protected,
    inferredBy: a.inferredBy ?? null,
    ...toDistribution(attrRows.filter((r) => r.name === a.name)),
  }));
  return {
    datasetId: dataset.id,
    kind: dataset.kind,
    sampleCount: dataset.sampleCount,
    label:
      dataset.labelColumn !== null || dataset.kind === "image"
        ? { column: dataset.labelColumn, ...toDistribution(labelRows) }
        : null,
    attributes,
    missingCounts: dataset.missingCounts,
    skipped: dataset.skipped,
  };
}

export type SampleListItem = Omit<Sample, "content">;

/** One page of samples in ordinal order, without their content (thumbnails come from sampleContent). */
export async function samplePage(
  db: Db,
  datasetId: string,
  page: { offset: number; limit: number },
): Promise<{ total: number; samples: SampleListItem[] }> {
  if (!Number.isInteger(page.offset) || page.offset < 0)
    throw new Error(`samplePage: offset must be an integer >= 0, got ${page.offset}`);
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > 1000) {
    throw new Error(`samplePage: limit must be an integer in 1..1000, got ${page.limit}`);
  }
  if (!isUuid(datasetId)) return { total: 0, samples: [] };
  const { content: _c, ...columns } = getTableColumns(samples);
  const rows = await db
    .select(columns)
    .from(samples)
    .where(eq(samples.datasetId, datasetId))
    .orderBy(asc(samples.ordinal))
    .offset(page.offset)
    .limit(page.limit);
  const total = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(samples)
    .where(eq(samples.datasetId, datasetId));
  return { total: total[0]?.n ?? 0, samples: rows };
}

export interface SampleContent {
  datasetId: string;
  content: Uint8Array | null;
  mime: string | null;
  width: number | null;
  height: number | null;
  channels: number | null;
}

/** The stored bytes of one sample (an image's original file, for a thumbnail). */
export async function sampleContent(db: Db, sampleId: number): Promise<SampleContent | null> {
  if (!Number.isSafeInteger(sampleId)) return null;
  const rows = await db
    .select({
      datasetId: samples.datasetId,
      content: samples.content,
      mime: samples.mime,
      width: samples.width,
      height: samples.height,
      channels: samples.channels,
    })
    .from(samples)
    .where(eq(samples.id, sampleId))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Up to `limit` samples with content and ordinal >= fromOrdinal, in ordinal order: the embedding
 * pipeline's keyset pagination. Continue with fromOrdinal = last.ordinal + 1; an empty page ends.
 */
export async function iterateSamples(
  db: Db,
  datasetId: string,
  page: { fromOrdinal: number; limit: number },
): Promise<Sample[]> {
  if (!Number.isInteger(page.fromOrdinal) || page.fromOrdinal < 0) {
    throw new Error(`iterateSamples: fromOrdinal must be an integer >= 0, got ${page.fromOrdinal}`);
  }
  if (!Number.isInteger(page.limit) || page.limit < 1)
    throw new Error(`iterateSamples: limit must be an integer >= 1, got ${page.limit}`);
  if (!isUuid(datasetId)) return [];
  return db
    .select()
    .from(samples)
    .where(and(eq(samples.datasetId, datasetId), gte(samples.ordinal, page.fromOrdinal)))
    .orderBy(asc(samples.ordinal))
    .limit(page.limit);
}

/** Every sample of a dataset in ordinal order, `batchSize` rows in memory at a time. */
export async function* eachSampleBatch(db: Db, datasetId: string, batchSize = 256): AsyncGenerator<Sample[]> {
  let from = 0;
  for (;;) {
    const batch = await iterateSamples(db, datasetId, { fromOrdinal: from, limit: batchSize });
    if (batch.length === 0) return;
    yield batch;
    from = batch[batch.length - 1]!.ordinal + 1;
  }
}

/** Rows of the samples table for a dataset (tests, integrity checks). */
export async function countSamples(db: Db, datasetId?: string): Promise<number> {
  const q = db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(samples);
  const rows = datasetId === undefined ? await q : await q.where(eq(samples.datasetId, datasetId));
  return rows[0]?.n ?? 0;
}

export async function countDatasets(db: Db): Promise<number> {
  const rows = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(datasets);
  return rows[0]?.n ?? 0;
}
