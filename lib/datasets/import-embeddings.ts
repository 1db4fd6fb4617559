/**
 * "Bring your own embeddings": a `.npy` float array [N, D] whose row i belongs to the i-th data
 * row of an ids CSV (id, optional label, attributes). Each sample's content is its row as
 * float32 LE; the audit then skips feature extraction. Every value must be finite.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/db/client";
import type { AttributeColumn } from "@/db/schema";
import { type CsvSource, columnIndex, readCsv } from "./csv";
import { ImportError } from "./errors";
import { encodeFloat32LE } from "./features";
import { datasetContentHash, type HashedRecord, sha256Hex } from "./hash";
import { formatBytes, resolveLimits } from "./limits";
import { NpyError, npyToFloat32Matrix, readNpy } from "./npy";
import { recognisedImport, writeDataset } from "./store";
import type { DatasetMeta, ImportResult } from "./types";
import { isMissing, proposeId } from "./values";

export interface EmbeddingImportOptions extends DatasetMeta {
  npyPath?: string;
  npyBuffer?: Uint8Array;
  /** How messages call a buffer (default "embeddings.npy"). */
  npyName?: string;
  /** The ids CSV, by path or text. */
  idsCsv: CsvSource;
  columns?: { id?: string; label?: string | null; attributes?: AttributeColumn[] };
}

export async function loadNpyMatrix(
  opts: { npyPath?: string; npyBuffer?: Uint8Array; npyName?: string },
  maxBytes: number,
): Promise<{ file: string; rows: number; cols: number; data: Float32Array; dtype: string }> {
  if ((opts.npyPath === undefined) === (opts.npyBuffer === undefined)) {
    throw new ImportError("invalid-options", "give exactly one of npyPath and npyBuffer");
  }
  const file = opts.npyName ?? (opts.npyPath ? path.basename(opts.npyPath) : "embeddings.npy");
  let bytes: Uint8Array;
  if (opts.npyBuffer) bytes = opts.npyBuffer;
  else {
    try {
      bytes = await readFile(opts.npyPath!);
    } catch (e) {
      throw new ImportError("unreadable-source", `cannot be read (${(e as Error).message})`, { file });
    }
  }
  if (bytes.byteLength > maxBytes) {
    throw new ImportError(
      "limit-exceeded",
      `is ${formatBytes(bytes.byteLength)}, over the limit of ${formatBytes(maxBytes)} (maxTotalBytes)`,
      {
        file,
      },
    );
  }
  try {
    const array = readNpy(bytes, file);
    return { file, dtype: array.dtype, ...npyToFloat32Matrix(array, file) };
  } catch (e) {
    if (e instanceof NpyError) throw new ImportError("bad-npy", e.message.slice(file.length + 2), { file });
    throw e;
  }
}

export async function importEmbeddings(opts: EmbeddingImportOptions, db: Db): Promise<ImportResult> {
  const limits = resolveLimits(opts.limits);
  const matrix = await loadNpyMatrix(opts, limits.maxTotalBytes);
  const table = await readCsv(opts.idsCsv, { maxBytes: limits.maxCsvBytes });
  const file = table.file;
  if (table.rows.length !== matrix.rows) {
    throw new ImportError(
      "invalid-options",
      `has ${table.rows.length} data rows, but ${matrix.file} has ${matrix.rows} embedding rows: row i of the CSV must describe row i of the array`,
      { file },
    );
  }
  const idColumn = opts.columns?.id ?? proposeId(table.header) ?? table.header[0]!;
  const labelColumn = opts.columns?.label ?? null;
  const attributes = opts.columns?.attributes ?? [];
  const roles = new Map<string, string>();
  for (const [name, role] of [
    [idColumn, "id"],
    ...(labelColumn ? [[labelColumn, "label"]] : []),
    ...attributes.map((a) => [a.name, "attribute"]),
  ] as [string, string][]) {
    columnIndex(table, name, role);
    const before = roles.get(name);
    if (before)
      throw new ImportError("invalid-options", `column "${name}" is given two roles: ${before} and ${role}`, {
        file,
      });
    roles.set(name, role);
  }
  const idIdx = table.header.indexOf(idColumn);
  const labelIdx = labelColumn ? table.header.indexOf(labelColumn) : -1;
  const attrIdx = attributes.map((a) => table.header.indexOf(a.name));
  const missingCounts: Record<string, number> = {};
  if (labelColumn) missingCounts[labelColumn] = 0;
  for (const a of attributes) missingCounts[a.name] = 0;

  const seen = new Map<string, number>();
  const prepared = table.rows.map(({ row, values }, i) => {
    const id = (values[idIdx] ?? "").trim();
    if (isMissing(id))
      throw new ImportError("missing-value", "the id cell is empty", { file, row, column: idColumn });
    const before = seen.get(id);
    if (before !== undefined) {
      throw new ImportError(
        "duplicate-id",
        `id "${id}" appears twice (rows ${before} and ${row}): sample ids must be unique`,
        {
          file,
          row,
          column: idColumn,
        },
      );
    }
    seen.set(id, row);
    let label: string | null = null;
    if (labelIdx >= 0) {
      const v = values[labelIdx] ?? "";
      if (isMissing(v)) missingCounts[labelColumn!]! += 1;
      else label = v.trim();
    }
    const attrs: Record<string, string | null> = {};
    attributes.forEach((a, k) => {
      const v = values[attrIdx[k]!] ?? "";
      if (isMissing(v)) {
        missingCounts[a.name]! += 1;
        attrs[a.name] = null;
      } else attrs[a.name] = v.trim();
    });
    const content = encodeFloat32LE(matrix.data.subarray(i * matrix.cols, (i + 1) * matrix.cols));
    return { id, label, attrs, content, hash: sha256Hex(content) };
  });
  const records: HashedRecord[] = prepared.map((p) => ({
    externalId: p.id,
    sourceHash: p.hash,
    label: p.label,
    attributes: p.attrs,
  }));
  const contentHash = datasetContentHash(
    { kind: "embedding", label: labelColumn, features: [], attributes },
    records,
  );
  const earlier = await recognisedImport(db, contentHash);
  if (earlier) return earlier;
  return writeDataset(
    db,
    {
      name: opts.name,
      kind: "embedding",
      description:
        opts.description ??
        `${matrix.rows} embeddings of dimension ${matrix.cols} (${matrix.file}, ${matrix.dtype})`,
      provenance: opts.provenance ?? "",
      license: opts.license ?? "",
      cardId: opts.cardId ?? null,
      isDemo: opts.isDemo ?? false,
      createdBy: opts.createdBy ?? null,
      contentHash,
      labelColumn,
      featureColumns: [],
      attributeColumns: attributes,
    },
    async (sink) => {
      for (const p of prepared) {
        await sink.add({
          externalId: p.id,
          contentHash: p.hash,
          label: p.label,
          attributes: p.attrs,
          content: p.content,
        });
      }
      return { missingCounts };
    },
  );
}
