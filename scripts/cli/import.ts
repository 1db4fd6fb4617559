/**
 * `npx transfer-audit import`: imports a dataset (images, tabular CSV, .npy embeddings) through
 * lib/datasets, or with --preview shows what would be imported without storing anything.
 *
 *   import --images <folder|zip> [--manifest m.csv] [--file-column file] [--label label]
 *          [--attributes gender,age_group] [--protected gender] --name N
 *   import --tabular data.csv [--id id] --label occupation [--features auto|a,b] [--attributes sex,race] [--protected sex,race] --name N
 *   import --embeddings E.npy --ids ids.csv [--id-column id] [--label l] [--attributes a] --name N
 *   import --texts t.csv [--text-column text] [--id id] [--label col] [--attributes a,b] [--protected a]
 *          [--max-text-chars N] --name N        (no --preview for texts yet)
 *   common: [--preview] [--json] [--description D] [--provenance P] [--license L]
 *           [--max-files N] [--max-total-bytes N] [--max-entry-bytes N] [--max-ratio N] [--max-pixels N]
 *
 * Exit codes: 0 imported (or recognised), 1 rejected by validation, 2 usage error.
 * A column named in --protected is an attribute even when --attributes leaves it out.
 */
import { statSync } from "node:fs";
import type { Db } from "@/db/client";
import type { AttributeColumn } from "@/db/schema";
import { isImportError } from "@/lib/datasets/errors";
import { importEmbeddings } from "@/lib/datasets/import-embeddings";
import { importImages } from "@/lib/datasets/import-images";
import { importTabular } from "@/lib/datasets/import-tabular";
import { importText } from "@/lib/datasets/import-text";
import type { ImportLimits } from "@/lib/datasets/limits";
import { type ImportPreview, type PreviewSource, previewImport } from "@/lib/datasets/preview";
import type { ImportResult } from "@/lib/datasets/types";
import { type ParsedArgs, parseArgs } from "./args";

export interface ImportDeps {
  /** A database handle (tests); else the environment's database is opened and closed. */
  db?: Db;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

class UsageError extends Error {}

function attributesOf(args: ParsedArgs): AttributeColumn[] {
  const names = args.list("attributes");
  const prot = args.list("protected");
  for (const p of prot) if (!names.includes(p)) names.push(p);
  return names.map((name) => ({ name, protected: prot.includes(name) }));
}

function limitsOf(args: ParsedArgs): Partial<ImportLimits> {
  const out: Partial<ImportLimits> = {};
  const map: [string, keyof ImportLimits][] = [
    ["max-files", "maxFiles"],
    ["max-total-bytes", "maxTotalBytes"],
    ["max-entry-bytes", "maxEntryBytes"],
    ["max-ratio", "maxCompressionRatio"],
    ["max-pixels", "maxImagePixels"],
  ];
  for (const [flag, key] of map) if (args.has(flag)) out[key] = args.number(flag, 0);
  return out;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function previewSource(args: ParsedArgs): PreviewSource {
  const kinds = ["images", "tabular", "embeddings"].filter((k) => args.has(k));
  if (kinds.length !== 1) throw new UsageError("give exactly one of --images, --tabular and --embeddings");
  if (args.has("images")) {
    const src = args.require("images");
    const manifest = args.get("manifest");
    return {
      kind: "images",
      ...(isDirectory(src) ? { folder: src } : { zipPath: src }),
      ...(manifest ? { manifestCsv: { path: manifest } } : {}),
    };
  }
  if (args.has("tabular")) return { kind: "tabular", csvPath: args.require("tabular") };
  return { kind: "embeddings", npyPath: args.require("embeddings"), idsCsv: { path: args.require("ids") } };
}

async function runOne(args: ParsedArgs, src: PreviewSource, db: Db): Promise<ImportResult> {
  const meta = {
    name: args.require("name"),
    ...(args.get("description") ? { description: args.get("description")! } : {}),
    ...(args.get("provenance") ? { provenance: args.get("provenance")! } : {}),
    ...(args.get("license") ? { license: args.get("license")! } : {}),
    limits: limitsOf(args),
  };
  const attributes = attributesOf(args);
  const label = args.get("label") ?? null;
  if (src.kind === "images") {
    const { kind: _k, ...source } = src;
    const columns =
      args.has("file-column") || args.has("label") || attributes.length > 0
        ? { file: args.get("file-column") ?? "file", label, attributes }
        : undefined;
    return importImages({ ...meta, ...source, ...(columns ? { columns } : {}) }, db);
  }
  if (src.kind === "tabular") {
    const f = args.get("features") ?? "auto";
    return importTabular(
      {
        ...meta,
        csvPath: args.require("tabular"),
        columns: {
          id: args.get("id") ?? null,
          label,
          features: f === "auto" ? "auto" : args.list("features"),
          attributes,
        },
      },
      db,
    );
  }
  return importEmbeddings(
    {
      ...meta,
      npyPath: args.require("embeddings"),
      idsCsv: { path: args.require("ids") },
      columns: { ...(args.get("id-column") ? { id: args.get("id-column")! } : {}), label, attributes },
    },
    db,
  );
}

/** `--texts`: a text CSV through lib/datasets/import-text.ts. */
async function runTexts(args: ParsedArgs, db: Db): Promise<ImportResult> {
  return importText(
    {
      name: args.require("name"),
      ...(args.get("description") ? { description: args.get("description")! } : {}),
      ...(args.get("provenance") ? { provenance: args.get("provenance")! } : {}),
      ...(args.get("license") ? { license: args.get("license")! } : {}),
      limits: limitsOf(args),
      ...(args.has("max-text-chars") ? { maxTextChars: args.number("max-text-chars", 0) } : {}),
      csvPath: args.require("texts"),
      columns: {
        text: args.get("text-column") ?? "text",
        ...(args.has("id") ? { id: args.get("id")! } : {}),
        label: args.get("label") ?? null,
        attributes: attributesOf(args),
      },
    },
    db,
  );
}

function printPreview(p: ImportPreview, out: (l: string) => void): void {
  out(`${p.kind} preview${p.file ? ` of ${p.file}` : ""}: ${p.rowCount} rows`);
  if (p.images) {
    out(
      `  ${p.images.fileCount} files, ${p.images.totalBytes} bytes; labels from ${p.images.labelsFrom}` +
        (p.images.unlisted ? `; ${p.images.unlisted} files not in the manifest (ignored)` : ""),
    );
  }
  if (p.embeddings) out(`  embeddings: ${p.embeddings.rows} x ${p.embeddings.dim} (${p.embeddings.dtype})`);
  out("  columns:");
  for (const c of p.columns) {
    out(
      `    ${c.name}: ${c.type}, ${c.distinct} distinct, ${c.missing} missing (e.g. ${c.examples.slice(0, 3).join(", ")})`,
    );
  }
  const r = p.proposed;
  out("  proposed roles:");
  if (r.file) out(`    file: ${r.file}`);
  if (r.id) out(`    id: ${r.id}`);
  out(`    label: ${r.label ?? "(none)"}`);
  if (r.features.length) out(`    features: ${r.features.join(", ")}`);
  out(
    `    attributes: ${r.attributes.map((a) => `${a.name}${a.protected ? " (protected)" : ""}`).join(", ") || "(none)"}`,
  );
  out("  first rows:");
  out(`    ${p.header.join(" | ")}`);
  for (const row of p.rows) out(`    ${row.join(" | ")}`);
}

function printResult(name: string, r: ImportResult, out: (l: string) => void): void {
  if (r.created) out(`Imported "${name}": ${r.sampleCount} samples (dataset ${r.datasetId}).`);
  else
    out(
      `Recognised an earlier import of the same content: dataset ${r.datasetId} (${r.sampleCount} samples); nothing written.`,
    );
  if (r.skipped.length > 0) {
    out(`Skipped ${r.skipped.length}:`);
    for (const s of r.skipped.slice(0, 50)) {
      const where = [s.path, s.file && s.row ? `${s.file} row ${s.row}` : s.file].filter(Boolean).join(", ");
      out(`  ${where}: ${s.reason}`);
    }
    if (r.skipped.length > 50) out(`  ... and ${r.skipped.length - 50} more`);
  }
}

export async function runImport(argv: string[], deps: ImportDeps = {}): Promise<number> {
  const out = deps.out ?? ((l: string) => console.log(l));
  const err = deps.err ?? ((l: string) => console.error(l));
  let json = argv.includes("--json");
  try {
    const args = parseArgs(argv, ["preview", "json"]);
    json = args.has("json");
    const texts = args.has("texts");
    if (texts && ["images", "tabular", "embeddings"].some((k) => args.has(k))) {
      throw new UsageError("give exactly one of --images, --tabular, --embeddings and --texts");
    }
    if (texts && args.has("preview")) throw new UsageError("--preview is not available for --texts yet");
    const src = texts ? null : previewSource(args);
    if (src && args.has("preview")) {
      const p = await previewImport(src, { limits: limitsOf(args) });
      if (json) out(JSON.stringify(p));
      else printPreview(p, out);
      return 0;
    }
    if (!args.has("name")) throw new UsageError("--name is required (or add --preview)");
    let db = deps.db;
    let close: (() => Promise<void>) | null = null;
    if (!db) {
      const { openDatabase } = await import("@/db/client");
      const database = await openDatabase();
      db = database.db;
      close = () => database.close();
    }
    try {
      const r = src ? await runOne(args, src, db) : await runTexts(args, db);
      if (json) out(JSON.stringify(r));
      else printResult(args.require("name"), r, out);
      return 0;
    } finally {
      await close?.();
    }
  } catch (e) {
    if (isImportError(e)) {
      if (json)
        out(
          JSON.stringify({
            error: { code: e.code, message: e.message, file: e.file, row: e.row, column: e.column },
          }),
        );
      else err(`Import rejected, nothing stored: ${e.message}`);
      return 1;
    }
    const usage =
      e instanceof UsageError || (e instanceof Error && /^(--|unexpected argument)/.test(e.message));
    if (usage) {
      if (json) out(JSON.stringify({ error: { code: "usage", message: (e as Error).message } }));
      else err(`import: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
}
