/**
 * Tabular datasets: one CSV, one row per sample. The user says which columns are the id, the
 * label, the numeric features ('auto': every numeric column not given another role) and the
 * attributes (protected or not). Each sample's content is its feature vector as float32 LE.
 *
 * Policy: a feature cell that is not a number rejects the import (the column is probably not a
 * feature, or the file is damaged) and names row and column; an empty feature cell skips that
 * row and lists it, and counts as missing. Label and attribute cells may be missing (null).
 */
import type { Db } from "@/db/client";
import type { AttributeColumn } from "@/db/schema";
import { type CsvSource, type CsvTable, columnIndex, readCsv } from "./csv";
import { ImportError } from "./errors";
import { encodeFloat32LE } from "./features";
import { datasetContentHash, type HashedRecord, sha256Hex } from "./hash";
import { resolveLimits } from "./limits";
import { recognisedImport, writeDataset } from "./store";
import type { DatasetMeta, ImportResult } from "./types";
import { FLOAT32_MAX, isMissing, parseNumber, profileColumn } from "./values";

export interface TabularColumns {
  /** Column of unique sample ids; default: `row-<n>` from the row number. */
  id?: string | null;
  label?: string | null;
  features: string[] | "auto";
  attributes?: AttributeColumn[];
}

export interface TabularImportOptions extends DatasetMeta {
  csvPath?: string;
  csvText?: string;
  /** How messages call text input (default "data.csv"). */
  csvName?: string;
  columns: TabularColumns;
}

export function tabularCsvSource(opts: { csvPath?: string; csvText?: string; csvName?: string }): CsvSource {
  if ((opts.csvPath === undefined) === (opts.csvText === undefined)) {
    throw new ImportError("invalid-options", "give exactly one of csvPath and csvText");
  }
  if (opts.csvPath !== undefined)
    return { path: opts.csvPath, ...(opts.csvName ? { name: opts.csvName } : {}) };
  return { text: opts.csvText!, name: opts.csvName ?? "data.csv" };
}

export interface ResolvedTabularRoles {
  id: string | null;
  label: string | null;
  features: string[];
  attributes: AttributeColumn[];
}

/** Checks the named columns exist and have one role each; expands features 'auto'. */
export function resolveTabularRoles(table: CsvTable, cols: TabularColumns): ResolvedTabularRoles {
  const file = table.file;
  const used = new Map<string, string>();
  const claim = (name: string, role: string) => {
    columnIndex(table, name, role);
    const before = used.get(name);
    if (before)
      throw new ImportError("invalid-options", `column "${name}" is given two roles: ${before} and ${role}`, {
        file,
      });
    used.set(name, role);
  };
  const id = cols.id ?? null;
  const label = cols.label ?? null;
  const attributes = cols.attributes ?? [];
  if (id) claim(id, "id");
  if (label) claim(label, "label");
  for (const a of attributes) claim(a.name, "attribute");
  let features: string[];
  if (cols.features === "auto") {
    features = table.header.filter((h, i) => {
      if (used.has(h)) return false;
      const t = profileColumn(
        h,
        table.rows.map((r) => r.values[i] ?? ""),
      ).type;
      return t === "integer" || t === "number";
    });
    if (features.length === 0) {
      throw new ImportError(
        "invalid-options",
        "features 'auto' found no numeric column without another role",
        { file },
      );
    }
  } else {
    if (cols.features.length === 0)
      throw new ImportError("invalid-options", "name at least one feature column", { file });
    features = cols.features;
    for (const f of features) claim(f, "feature");
  }
  return { id, label, features, attributes };
}

export async function importTabular(opts: TabularImportOptions, db: Db): Promise<ImportResult> {
  const limits = resolveLimits(opts.limits);
  const table = await readCsv(tabularCsvSource(opts), { maxBytes: limits.maxCsvBytes });
  const file = table.file;
  const roles = resolveTabularRoles(table, opts.columns);
  const idIdx = roles.id ? table.header.indexOf(roles.id) : -1;
  const labelIdx = roles.label ? table.header.indexOf(roles.label) : -1;
  const featIdx = roles.features.map((f) => table.header.indexOf(f));
  const attrIdx = roles.attributes.map((a) => table.header.indexOf(a.name));

  const missingCounts: Record<string, number> = {};
  for (const c of [roles.label, ...roles.features, ...roles.attributes.map((a) => a.name)]) {
    if (c) missingCounts[c] = 0;
  }
  interface Row {
    row: number;
    externalId: string;
    label: string | null;
    attributes: Record<string, string | null>;
    content: Uint8Array | null;
    contentHash: string;
    missingFeature: string | null;
  }
  const rows: Row[] = [];
  const seenIds = new Map<string, number>();
  for (const { row, values } of table.rows) {
    let externalId = `row-${row}`;
    if (idIdx >= 0) {
      const v = (values[idIdx] ?? "").trim();
      if (isMissing(v))
        throw new ImportError("missing-value", "the id cell is empty", { file, row, column: roles.id! });
      const before = seenIds.get(v);
      if (before !== undefined) {
        throw new ImportError(
          "duplicate-id",
          `id "${v}" appears twice (rows ${before} and ${row}): sample ids must be unique`,
          {
            file,
            row,
            column: roles.id!,
          },
        );
      }
      seenIds.set(v, row);
      externalId = v;
    }
    const vec = new Array<number>(featIdx.length);
    let missingFeature: string | null = null;
    featIdx.forEach((fi, k) => {
      const column = roles.features[k]!;
      const raw = values[fi] ?? "";
      if (isMissing(raw)) {
        missingCounts[column]! += 1;
        missingFeature ??= column;
        vec[k] = Number.NaN;
        return;
      }
      const n = parseNumber(raw);
      if (n === null) {
        throw new ImportError("non-numeric", `feature value "${raw}" is not a number`, { file, row, column });
      }
      if (Math.abs(n) > FLOAT32_MAX) {
        throw new ImportError("non-numeric", `feature value ${raw} is beyond the float32 range (±3.4e38)`, {
          file,
          row,
          column,
        });
      }
      vec[k] = n;
    });
    let label: string | null = null;
    if (labelIdx >= 0) {
      const v = values[labelIdx] ?? "";
      if (isMissing(v)) missingCounts[roles.label!]! += 1;
      else label = v.trim();
    }
    const attributes: Record<string, string | null> = {};
    roles.attributes.forEach((a, k) => {
      const v = values[attrIdx[k]!] ?? "";
      if (isMissing(v)) {
        missingCounts[a.name]! += 1;
        attributes[a.name] = null;
      } else attributes[a.name] = v.trim();
    });
    const content = missingFeature === null ? encodeFloat32LE(vec) : null;
    rows.push({
      row,
      externalId,
      label,
      attributes,
      content,
      contentHash: content ? sha256Hex(content) : "",
      missingFeature,
    });
  }

  // Recognition covers every row, the ones skipped for a missing feature included (by their raw cells).
  const records: HashedRecord[] = rows.map((r, i) => ({
    externalId: r.externalId,
    sourceHash: r.content ? r.contentHash : sha256Hex(JSON.stringify(table.rows[i]!.values)),
    label: r.label,
    attributes: r.attributes,
  }));
  const contentHash = datasetContentHash(
    { kind: "tabular", label: roles.label, features: roles.features, attributes: roles.attributes },
    records,
  );
  const earlier = await recognisedImport(db, contentHash);
  if (earlier) return earlier;

  return writeDataset(
    db,
    {
      name: opts.name,
      kind: "tabular",
      description: opts.description ?? "",
      provenance: opts.provenance ?? "",
      license: opts.license ?? "",
      cardId: opts.cardId ?? null,
      isDemo: opts.isDemo ?? false,
      createdBy: opts.createdBy ?? null,
      contentHash,
      labelColumn: roles.label,
      featureColumns: roles.features,
      attributeColumns: roles.attributes,
    },
    async (sink) => {
      let done = 0;
      for (const r of rows) {
        if (r.content === null) {
          sink.skip({ file, row: r.row, reason: `missing value in feature column "${r.missingFeature}"` });
        } else {
          await sink.add({
            externalId: r.externalId,
            contentHash: r.contentHash,
            label: r.label,
            attributes: r.attributes,
            content: r.content,
          });
        }
        done++;
        if (done % 1000 === 0 || done === rows.length)
          opts.onProgress?.({ phase: "store", done, total: rows.length });
      }
      return { missingCounts };
    },
  );
}
