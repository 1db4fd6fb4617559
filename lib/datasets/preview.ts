/**
 * What an import would read, before anything is stored: the first rows, each column's detected
 * type, missing counts, and proposed roles (file, id, label, features, attributes with a
 * "protected" guess from the column name). Structural problems throw the same ImportError the
 * import would, so the person sees them at the preview.
 */
import type { AttributeColumn } from "@/db/schema";
import { type CsvSource, type CsvTable, readCsv } from "./csv";
import {
  findManifest,
  type ImageSourceOptions,
  openImageSource,
  planFromFolders,
  planFromManifest,
} from "./image-plan";
import { loadNpyMatrix } from "./import-embeddings";
import { tabularCsvSource } from "./import-tabular";
import { type ImportLimits, resolveLimits } from "./limits";
import {
  type ColumnProfile,
  looksProtected,
  profileColumn,
  proposeFile,
  proposeId,
  proposeLabel,
} from "./values";

export type PreviewSource =
  | ({ kind: "images"; manifestCsv?: CsvSource } & ImageSourceOptions)
  | { kind: "tabular"; csvPath?: string; csvText?: string; csvName?: string }
  | { kind: "embeddings"; npyPath?: string; npyBuffer?: Uint8Array; npyName?: string; idsCsv: CsvSource };

export interface PreviewOptions {
  /** Data rows shown (default 10). */
  rows?: number;
  limits?: Partial<ImportLimits>;
}

export interface ProposedRoles {
  file: string | null;
  id: string | null;
  label: string | null;
  features: string[];
  attributes: AttributeColumn[];
}

export interface ImportPreview {
  kind: "images" | "tabular" | "embeddings";
  /** The CSV shown (manifest, data or ids), or null for a folder labelled by sub-folders. */
  file: string | null;
  header: string[];
  rows: string[][];
  rowCount: number;
  columns: ColumnProfile[];
  proposed: ProposedRoles;
  images?: {
    fileCount: number;
    totalBytes: number;
    /** Where labels come from: a manifest column, or the sub-folder names. */
    labelsFrom: "manifest" | "folders";
    /** Files no manifest row names (they would be ignored). */
    unlisted: number;
  };
  embeddings?: { rows: number; dim: number; dtype: string };
}

function profiles(table: Pick<CsvTable, "header" | "rows">): ColumnProfile[] {
  return table.header.map((h, i) =>
    profileColumn(
      h,
      table.rows.map((r) => r.values[i] ?? ""),
    ),
  );
}

/** Attributes proposed: categorical columns, and name-flagged protected ones with few values (age_group 0/1...). */
function proposeAttributes(columns: ColumnProfile[], taken: Set<string>): AttributeColumn[] {
  return columns
    .filter((c) => !taken.has(c.name))
    .filter(
      (c) => c.type === "categorical" || (looksProtected(c.name) && c.distinct >= 1 && c.distinct <= 20),
    )
    .map((c) => ({ name: c.name, protected: looksProtected(c.name) }));
}

export async function previewImport(
  source: PreviewSource,
  options: PreviewOptions = {},
): Promise<ImportPreview> {
  const limits = resolveLimits(options.limits);
  const n = options.rows ?? 10;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`previewImport: rows must be a positive integer, got ${n}`);

  if (source.kind === "tabular") {
    const table = await readCsv(tabularCsvSource(source), { maxBytes: limits.maxCsvBytes });
    const columns = profiles(table);
    const id = proposeId(table.header) ?? null;
    const label = proposeLabel(table.header) ?? null;
    const taken = new Set([id, label].filter((x): x is string => x !== null));
    const attributes = proposeAttributes(columns, taken);
    for (const a of attributes) taken.add(a.name);
    const features = columns
      .filter((c) => !taken.has(c.name) && (c.type === "integer" || c.type === "number"))
      .map((c) => c.name);
    return {
      kind: "tabular",
      file: table.file,
      header: table.header,
      rows: table.rows.slice(0, n).map((r) => r.values),
      rowCount: table.rows.length,
      columns,
      proposed: { file: null, id, label, features, attributes },
    };
  }

  if (source.kind === "embeddings") {
    const matrix = await loadNpyMatrix(source, limits.maxTotalBytes);
    const table = await readCsv(source.idsCsv, { maxBytes: limits.maxCsvBytes });
    const columns = profiles(table);
    const id = proposeId(table.header) ?? table.header[0] ?? null;
    const label = proposeLabel(table.header) ?? null;
    const taken = new Set([id, label].filter((x): x is string => x !== null));
    return {
      kind: "embeddings",
      file: table.file,
      header: table.header,
      rows: table.rows.slice(0, n).map((r) => r.values),
      rowCount: table.rows.length,
      columns,
      proposed: { file: null, id, label, features: [], attributes: proposeAttributes(columns, taken) },
      embeddings: { rows: matrix.rows, dim: matrix.cols, dtype: matrix.dtype },
    };
  }

  const src = await openImageSource(source, limits);
  try {
    const fileCount = src.entries.length;
    const totalBytes = src.entries.reduce((a, e) => a + e.size, 0);
    const manifest = await findManifest(src, source.manifestCsv, limits);
    if (manifest) {
      const table = manifest.table;
      const columns = profiles(table);
      const file =
        proposeFile(table.header) ??
        // Else the column whose values name the most files of the source.
        (() => {
          const present = new Set(src.entries.map((e) => e.path));
          let best: string | null = null;
          let bestHits = 0;
          table.header.forEach((h, i) => {
            const hits = table.rows.filter((r) =>
              present.has((r.values[i] ?? "").trim().replace(/^\.\//, "")),
            ).length;
            if (hits > bestHits) {
              best = h;
              bestHits = hits;
            }
          });
          return best;
        })();
      const label = proposeLabel(table.header.filter((h) => h !== file)) ?? null;
      // Validate the manifest against the files with the proposed file column (throws like the import).
      const plan = file ? planFromManifest(src, table, manifest.entryPath, { file }) : null;
      const taken = new Set([file, label].filter((x): x is string => x !== null));
      return {
        kind: "images",
        file: table.file,
        header: table.header,
        rows: table.rows.slice(0, n).map((r) => r.values),
        rowCount: table.rows.length,
        columns,
        proposed: { file, id: null, label, features: [], attributes: proposeAttributes(columns, taken) },
        images: { fileCount, totalBytes, labelsFrom: "manifest", unlisted: plan?.unlisted ?? 0 },
      };
    }
    const plan = planFromFolders(src);
    const rows = plan.items.map((it) => ({ row: 0, values: [it.path, it.label ?? ""] }));
    const table = { header: ["file", "folder"], rows };
    return {
      kind: "images",
      file: null,
      header: table.header,
      rows: rows.slice(0, n).map((r) => r.values),
      rowCount: rows.length,
      columns: profiles(table),
      proposed: { file: "file", id: null, label: "folder", features: [], attributes: [] },
      images: { fileCount, totalBytes, labelsFrom: "folders", unlisted: 0 },
    };
  } finally {
    await src.close();
  }
}
