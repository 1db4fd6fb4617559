/**
 * Image datasets: a folder, a zip (path or upload buffer) or packed pixels, with or without a
 * manifest CSV. Three steps:
 * 1. plan (image-plan.ts): list the source under the limits, read the manifest, check every row;
 *    structural problems throw ImportError and nothing is written;
 * 2. recognise: hash every file once (streaming) into the dataset's content hash; a match returns
 *    the earlier dataset with created=false;
 * 3. store (store.ts), in one transaction: each file is read, sniffed and decoded once to check it
 *    (image-probe.ts); unusable ones are skipped and listed, the others inserted in batches.
 */
import type { Db } from "@/db/client";
import type { CsvSource } from "./csv";
import { isImportError } from "./errors";
import { datasetContentHash, type HashedRecord, sha256Hex } from "./hash";
import { type ImageColumns, type ImageSourceOptions, openImageSource, planImageImport } from "./image-plan";
import { probeImage } from "./image-probe";
import { resolveLimits } from "./limits";
import { recognisedImport, writeDataset } from "./store";
import type { DatasetMeta, ImportResult } from "./types";

export interface ImageImportOptions extends ImageSourceOptions, DatasetMeta {
  manifestCsv?: CsvSource;
  columns?: ImageColumns;
}

/** Images probed at once: sharp decodes on libuv's pool, so a few in flight keep both cores busy. */
const PROBE_CONCURRENCY = 8;

export async function importImages(opts: ImageImportOptions, db: Db): Promise<ImportResult> {
  const limits = resolveLimits(opts.limits);
  const source = await openImageSource(opts, limits);
  try {
    const plan = await planImageImport(source, opts.manifestCsv, opts.columns, limits);

    const records: HashedRecord[] = [];
    for (const item of plan.items) {
      records.push({
        externalId: item.path,
        sourceHash: await source.sourceHash(item.path).catch((e: unknown) => {
          // An archive that cannot be inflated is structural; a file the OS will not read is this sample's problem.
          if (isImportError(e)) throw e;
          return `unreadable:${(e as Error).message}`;
        }),
        label: item.label,
        attributes: item.attributes,
      });
      opts.onProgress?.({ phase: "hash", done: records.length, total: plan.items.length });
    }
    const contentHash = datasetContentHash(
      { kind: "image", label: plan.labelColumn, features: [], attributes: plan.attributes },
      records,
    );
    const earlier = await recognisedImport(db, contentHash);
    if (earlier) return earlier;

    return await writeDataset(
      db,
      {
        name: opts.name,
        kind: "image",
        description: opts.description ?? "",
        provenance: opts.provenance ?? "",
        license: opts.license ?? "",
        cardId: opts.cardId ?? null,
        isDemo: opts.isDemo ?? false,
        createdBy: opts.createdBy ?? null,
        contentHash,
        labelColumn: plan.labelColumn,
        featureColumns: [],
        attributeColumns: plan.attributes,
      },
      async (sink) => {
        let done = 0;
        for (let start = 0; start < plan.items.length; start += PROBE_CONCURRENCY) {
          const group = plan.items.slice(start, start + PROBE_CONCURRENCY);
          // Read and probe in parallel (yauzl serves concurrent entry streams), add in plan order.
          const bytes = await Promise.all(
            group.map((item) =>
              source.readContent(item.path).catch((e: unknown) => {
                if (isImportError(e)) throw e;
                return e as Error;
              }),
            ),
          );
          // A packed source encoded these PNGs itself from pixels of known size: nothing to check.
          const probes = await Promise.all(
            group.map((item, k) => {
              const b = bytes[k]!;
              if (b instanceof Error)
                return { ok: false as const, reason: `the file cannot be read (${b.message})` };
              return source.knownImage
                ? { ok: true as const, ...source.knownImage(item.path) }
                : probeImage(b, limits.maxImagePixels);
            }),
          );
          for (let k = 0; k < group.length; k++) {
            const item = group[k]!;
            const probe = probes[k]!;
            // path: the image; file and row: the manifest row that named it (when there is a manifest).
            const where =
              item.row !== undefined && plan.manifest
                ? { path: item.path, file: plan.manifest.file, row: item.row }
                : { path: item.path };
            if (!probe.ok) {
              sink.skip({ ...where, reason: probe.reason });
              continue;
            }
            const content = bytes[k] as Uint8Array;
            await sink.add({
              externalId: item.path,
              contentHash: sha256Hex(content),
              label: item.label,
              attributes: item.attributes,
              content,
              mime: probe.mime,
              width: probe.width,
              height: probe.height,
              channels: probe.channels,
            });
          }
          done += group.length;
          opts.onProgress?.({ phase: "store", done, total: plan.items.length });
        }
        return { missingCounts: plan.missingCounts };
      },
    );
  } finally {
    await source.close();
  }
}
