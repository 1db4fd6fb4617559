/**
 * Writing one imported dataset: the dataset row and its samples in ONE transaction, samples
 * inserted in batches (500 rows, or fewer when their bytes pass 32 MB) so no statement gets huge
 * and no more than one batch of file bytes is held. Any error inside rolls everything back: a
 * rejected import leaves no rows behind.
 */
import type { Db } from "@/db/client";
import { findDatasetByContentHash, finishDataset, insertDataset, insertSamples } from "@/db/queries/datasets";
import type { NewDataset, NewSample, SkippedSample } from "@/db/schema";
import { ImportError } from "./errors";
import type { ImportResult } from "./types";

export const BATCH_ROWS = 500;
export const BATCH_BYTES = 32 * 1024 ** 2;

/** The earlier import of the same content, as an ImportResult with created=false. */
export async function recognisedImport(db: Db, contentHash: string): Promise<ImportResult | null> {
  const d = await findDatasetByContentHash(db, contentHash);
  if (!d) return null;
  return { datasetId: d.id, created: false, sampleCount: d.sampleCount, skipped: d.skipped, contentHash };
}

export interface SampleSink {
  /** Queues one sample (ordinal and datasetId are filled in); inserts when a batch is full. */
  add(sample: Omit<NewSample, "datasetId" | "ordinal">): Promise<void>;
  skip(s: SkippedSample): void;
}

function isUniqueViolation(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 5; depth++) {
    if ((x as { code?: unknown }).code === "23505") return true;
    x = (x as { cause?: unknown }).cause;
  }
  return false;
}

/** Summarises skip reasons for the "nothing left" error: "3 x not an image; 1 x corrupt PNG". */
function reasonSummary(skipped: SkippedSample[]): string {
  const byReason = new Map<string, number>();
  for (const s of skipped) {
    const key = s.reason
      .replace(/\(.*\)$/, "")
      .replace(/bytes [0-9a-f ]+/, "bytes ...")
      .trim();
    byReason.set(key, (byReason.get(key) ?? 0) + 1);
  }
  return [...byReason.entries()]
    .slice(0, 5)
    .map(([r, n]) => `${n} x ${r}`)
    .join("; ");
}

/**
 * Inserts the dataset row, lets `produce` stream its samples into the sink, then records the
 * count, skipped list and missing counts. Throws (and rolls back) when no sample is left.
 */
export async function writeDataset(
  db: Db,
  dataset: NewDataset,
  produce: (sink: SampleSink) => Promise<{ missingCounts: Record<string, number> }>,
): Promise<ImportResult> {
  try {
    return await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const row = await insertDataset(tx, { ...dataset, sampleCount: 0 });
      let ordinal = 0;
      let batch: NewSample[] = [];
      let batchBytes = 0;
      const skipped: SkippedSample[] = [];
      const flush = async () => {
        const rows = batch;
        batch = [];
        batchBytes = 0;
        await insertSamples(tx, rows);
      };
      const sink: SampleSink = {
        async add(sample) {
          batch.push({ ...sample, datasetId: row.id, ordinal: ordinal++ });
          batchBytes += (sample.content?.byteLength ?? 0) + (sample.text?.length ?? 0);
          if (batch.length >= BATCH_ROWS || batchBytes >= BATCH_BYTES) await flush();
        },
        skip(s) {
          skipped.push(s);
        },
      };
      const { missingCounts } = await produce(sink);
      await flush();
      if (ordinal === 0) {
        throw new ImportError(
          "no-samples",
          `nothing to import: all ${skipped.length} sample${skipped.length === 1 ? " was" : "s were"} skipped` +
            (skipped.length > 0 ? ` (${reasonSummary(skipped)})` : ""),
          { file: dataset.name },
        );
      }
      await finishDataset(tx, row.id, { sampleCount: ordinal, skipped, missingCounts });
      return {
        datasetId: row.id,
        created: true,
        sampleCount: ordinal,
        skipped,
        contentHash: dataset.contentHash,
      };
    });
  } catch (e) {
    // Another import of the same content committed first: that one stands, ours rolled back.
    if (isUniqueViolation(e)) {
      const earlier = await recognisedImport(db, dataset.contentHash);
      if (earlier) return earlier;
    }
    throw e;
  }
}
