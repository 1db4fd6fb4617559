/**
 * From an image source and an optional manifest to the list of samples to import, with every
 * structural check that needs no pixel: the manifest's columns exist, each row names a file that
 * is there, no file is listed twice. Without a manifest every file is a candidate and its label
 * is the name of the folder it sits in (`cats/001.png` -> "cats"), the ImageFolder convention.
 */
import type { AttributeColumn } from "@/db/schema";
import { type CsvSource, type CsvTable, columnIndex, readCsv } from "./csv";
import { ImportError } from "./errors";
import type { ImportLimits } from "./limits";
import { normalizeEntryPath } from "./paths";
import { openFolderSource } from "./sources/folder";
import { openPackedSource, type PackedPixels } from "./sources/packed";
import type { ImageSource } from "./sources/types";
import { openZipSource } from "./sources/zip";
import { isMissing, proposeFile, proposeLabel } from "./values";

/** Exactly one of these names where the images are. */
export interface ImageSourceOptions {
  folder?: string;
  zipPath?: string;
  zipBuffer?: Uint8Array;
  /** How messages and the dataset call an uploaded archive (default "upload.zip"). */
  zipName?: string;
  packed?: PackedPixels;
}

export interface ImageColumns {
  /** The manifest column holding the file path (relative to the folder or archive root). */
  file?: string;
  label?: string | null;
  attributes?: AttributeColumn[];
}

export interface PlannedImage {
  path: string;
  /** The manifest row (spreadsheet numbering), when there is a manifest. */
  row?: number;
  label: string | null;
  attributes: Record<string, string | null>;
}

export interface ImagePlan {
  items: PlannedImage[];
  /** The manifest as read, or null when labels come from folders. */
  manifest: CsvTable | null;
  fileColumn: string | null;
  labelColumn: string | null;
  attributes: AttributeColumn[];
  /** Files in the source that no manifest row names (ignored). */
  unlisted: number;
  missingCounts: Record<string, number>;
}

export async function openImageSource(opts: ImageSourceOptions, limits: ImportLimits): Promise<ImageSource> {
  const given = (["folder", "zipPath", "zipBuffer", "packed"] as const).filter((k) => opts[k] !== undefined);
  if (given.length !== 1) {
    throw new ImportError(
      "invalid-options",
      `name exactly one image source (folder, zipPath, zipBuffer or packed); got ${given.length === 0 ? "none" : given.join(" and ")}`,
    );
  }
  if (opts.folder !== undefined) return openFolderSource(opts.folder, limits);
  if (opts.zipPath !== undefined) {
    return openZipSource({ path: opts.zipPath }, opts.zipPath.split(/[\\/]/).pop() ?? opts.zipPath, limits);
  }
  if (opts.zipBuffer !== undefined) {
    const b = opts.zipBuffer;
    return openZipSource(
      { buffer: Buffer.from(b.buffer, b.byteOffset, b.byteLength) },
      opts.zipName ?? "upload.zip",
      limits,
    );
  }
  return openPackedSource(opts.packed!, "packed pixels");
}

/**
 * The manifest to use: the one given, else the only CSV at the source's root (`manifest.csv`
 * preferred when there are several), else none (labels from folders).
 */
export async function findManifest(
  source: ImageSource,
  manifestCsv: CsvSource | undefined,
  limits: ImportLimits,
): Promise<{ table: CsvTable; entryPath: string | null } | null> {
  if (manifestCsv)
    return { table: await readCsv(manifestCsv, { maxBytes: limits.maxCsvBytes }), entryPath: null };
  const csvs = source.entries.filter((e) => !e.path.includes("/") && e.path.toLowerCase().endsWith(".csv"));
  if (csvs.length === 0) return null;
  let chosen = csvs[0]!;
  if (csvs.length > 1) {
    const named = csvs.find((e) => e.path.toLowerCase() === "manifest.csv");
    if (!named) {
      throw new ImportError(
        "invalid-options",
        `the source holds several CSV files at its root (${csvs.map((e) => e.path).join(", ")}): say which one is the manifest`,
        { file: source.name },
      );
    }
    chosen = named;
  }
  if (chosen.size > limits.maxCsvBytes) {
    throw new ImportError("limit-exceeded", `the manifest is larger than the CSV limit (maxCsvBytes)`, {
      file: chosen.path,
    });
  }
  const text = new TextDecoder().decode(await source.readContent(chosen.path));
  return {
    table: await readCsv({ text, name: chosen.path }, { maxBytes: limits.maxCsvBytes }),
    entryPath: chosen.path,
  };
}

/** The single top-level folder every entry sits in (`dataset/` of a zipped folder), or "". */
function commonRoot(paths: readonly string[]): string {
  let root: string | null = null;
  for (const p of paths) {
    const slash = p.indexOf("/");
    if (slash < 0) return "";
    const top = p.slice(0, slash + 1);
    if (root === null) root = top;
    else if (root !== top) return "";
  }
  return root ?? "";
}

function checkRoles(file: string, cols: ImageColumns): void {
  const used = new Map<string, string>();
  const claim = (name: string, role: string) => {
    const before = used.get(name);
    if (before)
      throw new ImportError("invalid-options", `column "${name}" is given two roles: ${before} and ${role}`, {
        file,
      });
    used.set(name, role);
  };
  if (cols.file) claim(cols.file, "file");
  if (cols.label) claim(cols.label, "label");
  for (const a of cols.attributes ?? []) claim(a.name, "attribute");
}

export function planFromManifest(
  source: ImageSource,
  table: CsvTable,
  manifestEntry: string | null,
  cols: ImageColumns,
): ImagePlan {
  const file = table.file;
  const fileColumn = cols.file ?? proposeFile(table.header);
  if (!fileColumn) {
    throw new ImportError(
      "invalid-options",
      `say which manifest column holds the file path (columns: ${table.header.join(", ")})`,
      { file },
    );
  }
  checkRoles(file, { ...cols, file: fileColumn });
  const fi = columnIndex(table, fileColumn, "file");
  const labelColumn = cols.label ?? null;
  const li = labelColumn === null ? -1 : columnIndex(table, labelColumn, "label");
  const attributes = cols.attributes ?? [];
  const ai = attributes.map((a) => columnIndex(table, a.name, "attribute"));

  const present = new Set(source.entries.map((e) => e.path));
  const root = commonRoot(source.entries.map((e) => e.path));
  const seen = new Map<string, number>();
  const missingCounts: Record<string, number> = {};
  if (labelColumn) missingCounts[labelColumn] = 0;
  for (const a of attributes) missingCounts[a.name] = 0;
  const items: PlannedImage[] = [];
  for (const { row, values } of table.rows) {
    const where = { file, row, column: fileColumn };
    const raw = values[fi] ?? "";
    if (raw.trim() === "") throw new ImportError("missing-value", "the file cell is empty", where);
    let p = normalizeEntryPath(raw, where, "file path");
    if (!present.has(p) && root !== "" && present.has(root + p)) p = root + p;
    if (!present.has(p)) {
      throw new ImportError("missing-file", `names "${raw.trim()}", which is not in ${source.name}`, where);
    }
    if (p === manifestEntry)
      throw new ImportError("invalid-options", "names the manifest itself as an image", where);
    const before = seen.get(p);
    if (before !== undefined) {
      throw new ImportError(
        "duplicate-id",
        `"${raw.trim()}" is listed twice (rows ${before} and ${row}): sample ids must be unique`,
        where,
      );
    }
    seen.set(p, row);
    let label: string | null = null;
    if (li >= 0) {
      const v = values[li] ?? "";
      if (isMissing(v)) missingCounts[labelColumn!]! += 1;
      else label = v.trim();
    }
    const attrs: Record<string, string | null> = {};
    attributes.forEach((a, k) => {
      const v = values[ai[k]!] ?? "";
      if (isMissing(v)) {
        attrs[a.name] = null;
        missingCounts[a.name]! += 1;
      } else attrs[a.name] = v.trim();
    });
    items.push({ path: p, row, label, attributes: attrs });
  }
  const unlisted = source.entries.filter((e) => !seen.has(e.path) && e.path !== manifestEntry).length;
  return { items, manifest: table, fileColumn, labelColumn, attributes, unlisted, missingCounts };
}

/** Column name under which folder-derived labels are recorded. */
export const FOLDER_LABEL_COLUMN = "folder";

export function planFromFolders(source: ImageSource): ImagePlan {
  let missing = 0;
  const items = source.entries.map((e): PlannedImage => {
    const parts = e.path.split("/");
    const label = parts.length >= 2 ? parts[parts.length - 2]! : null;
    if (label === null) missing++;
    return { path: e.path, label, attributes: {} };
  });
  return {
    items,
    manifest: null,
    fileColumn: null,
    labelColumn: FOLDER_LABEL_COLUMN,
    attributes: [],
    unlisted: 0,
    missingCounts: { [FOLDER_LABEL_COLUMN]: missing },
  };
}

export async function planImageImport(
  source: ImageSource,
  manifestCsv: CsvSource | undefined,
  cols: ImageColumns | undefined,
  limits: ImportLimits,
): Promise<ImagePlan> {
  const manifest = await findManifest(source, manifestCsv, limits);
  if (manifest) {
    // No columns at all: the conventional names (file/path..., label/class...) and no attributes.
    const roles = cols ?? { label: proposeLabel(manifest.table.header) ?? null };
    return planFromManifest(source, manifest.table, manifest.entryPath, roles);
  }
  if (cols?.label || (cols?.attributes?.length ?? 0) > 0) {
    throw new ImportError(
      "invalid-options",
      "label and attribute columns need a manifest CSV; without one, labels come from the sub-folder names",
      { file: source.name },
    );
  }
  return planFromFolders(source);
}
