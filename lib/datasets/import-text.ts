/**
 * Text datasets: one CSV, one row per sample, with a text column, an optional id column, an
 * optional label column and attribute columns (protected or not). The text is stored in
 * samples.text; a text model (lib/text/bow.ts) encodes it at embedding time with its own
 * vocabulary, so the same import serves any text model.
 *
 * Rules (those of lib/text/csv.ts, reported the way the other importers report: an ImportError
 * naming the file, the row as a spreadsheet shows it, header = row 1, and the column):
 * - the text column must exist, every text must be non-empty after trimming and at most
 *   `maxTextChars` characters (a longer cell is more likely a broken quote swallowing rows);
 * - ids (id column given, or a column named "id" when `columns.id` is left out) must be non-empty
 *   and unique; without an id column ids are `row-<n>`;
 * - labels (label column given) must be non-empty: a sample without a label cannot be used to
 *   measure transfer, so it is an error rather than a silent gap;
 * - empty attribute cells become null and are counted in the dataset's missing counts.
 * Each sample's contentHash is sha256 of its (trimmed) text; the dataset's hash covers ids, texts,
 * labels, attributes and the column roles, so a re-import of the same file is recognised.
 */
import type { Db } from "@/db/client";
import type { AttributeColumn } from "@/db/schema";
import { type CsvSource, type CsvTable, columnIndex, readCsv } from "./csv";
import { ImportError } from "./errors";
import { datasetContentHash, type HashedRecord, sha256Hex } from "./hash";
import { resolveLimits } from "./limits";
import { recognisedImport, writeDataset } from "./store";
import type { DatasetMeta, ImportResult } from "./types";

export interface TextColumns {
  /** Column holding the text (default "text"). */
  text?: string;
  /** Column of unique sample ids; default: "id" when the header has it, else `row-<n>`; null: `row-<n>`. */
  id?: string | null;
  label?: string | null;
  attributes?: AttributeColumn[];
}

export interface TextImportOptions extends DatasetMeta {
  csvPath?: string;
  csvText?: string;
  /** How messages call text input (default "data.csv"). */
  csvName?: string;
  columns?: TextColumns;
  /** Longest text accepted, in characters (default 100,000, about 15,000 words). */
  maxTextChars?: number;
}

export const DEFAULT_MAX_TEXT_CHARS = 100_000;

export interface ResolvedTextRoles {
  text: string;
  id: string | null;
  label: string | null;
  attributes: AttributeColumn[];
}

function csvSource(opts: TextImportOptions): CsvSource {
  if ((opts.csvPath === undefined) === (opts.csvText === undefined)) {
    throw new ImportError("invalid-options", "give exactly one of csvPath and csvText");
  }
  if (opts.csvPath !== undefined)
    return { path: opts.csvPath, ...(opts.csvName ? { name: opts.csvName } : {}) };
  return { text: opts.csvText!, name: opts.csvName ?? "data.csv" };
}

/** Checks the named columns exist and have one role each. */
export function resolveTextRoles(
  table: Pick<CsvTable, "file" | "header">,
  cols: TextColumns = {},
): ResolvedTextRoles {
  const file = table.file;
  const used = new Map<string, string>();
  const claim = (name: string, role: string) => {
    columnIndex(table, name, role);
    const before = used.get(name);
    if (before) {
      throw new ImportError("invalid-options", `column "${name}" is given two roles: ${before} and ${role}`, {
        file,
      });
    }
    used.set(name, role);
  };
  const text = cols.text ?? "text";
  claim(text, "text");
  const id = cols.id === undefined ? (table.header.includes("id") && text !== "id" ? "id" : null) : cols.id;
  if (id) claim(id, "id");
  const label = cols.label ?? null;
  if (label) claim(label, "label");
  const attributes = cols.attributes ?? [];
  for (const a of attributes) claim(a.name, "attribute");
  return { text, id, label, attributes };
}

interface TextRow {
  row: number;
  externalId: string;
  text: string;
  contentHash: string;
  label: string | null;
  attributes: Record<string, string | null>;
}

/** Validates every row (see the rules above); throws the first problem found. */
function validateRows(
  table: CsvTable,
  roles: ResolvedTextRoles,
  maxTextChars: number,
): { rows: TextRow[]; missingCounts: Record<string, number> } {
  const file = table.file;
  const at = (name: string) => table.header.indexOf(name);
  const textIdx = at(roles.text);
  const idIdx = roles.id ? at(roles.id) : -1;
  const labelIdx = roles.label ? at(roles.label) : -1;
  const attrIdx = roles.attributes.map((a) => at(a.name));
  const missingCounts: Record<string, number> = Object.fromEntries(roles.attributes.map((a) => [a.name, 0]));
  const seenIds = new Map<string, number>();
  const rows = table.rows.map(({ row, values }): TextRow => {
    const cell = (i: number) => (values[i] ?? "").trim();
    const text = cell(textIdx);
    if (text === "")
      throw new ImportError("missing-value", "the text cell is empty", { file, row, column: roles.text });
    if (text.length > maxTextChars) {
      throw new ImportError(
        "limit-exceeded",
        `the text has ${text.length} characters, more than the limit of ${maxTextChars} (maxTextChars): an unclosed quote can swallow the rows after it`,
        { file, row, column: roles.text },
      );
    }
    let externalId = `row-${row}`;
    if (roles.id) {
      const v = cell(idIdx);
      if (v === "")
        throw new ImportError("missing-value", "the id cell is empty", { file, row, column: roles.id });
      const before = seenIds.get(v);
      if (before !== undefined) {
        throw new ImportError(
          "duplicate-id",
          `id "${v}" appears twice (rows ${before} and ${row}): sample ids must be unique`,
          { file, row, column: roles.id },
        );
      }
      seenIds.set(v, row);
      externalId = v;
    }
    let label: string | null = null;
    if (roles.label) {
      label = cell(labelIdx);
      if (label === "") {
        throw new ImportError(
          "missing-value",
          "the label cell is empty: every sample of a labelled text dataset needs its label",
          { file, row, column: roles.label },
        );
      }
    }
    const attributes: Record<string, string | null> = {};
    roles.attributes.forEach((a, k) => {
      const v = cell(attrIdx[k]!);
      if (v === "") missingCounts[a.name]! += 1;
      attributes[a.name] = v === "" ? null : v;
    });
    return { row, externalId, text, contentHash: sha256Hex(text), label, attributes };
  });
  return { rows, missingCounts };
}

/** The dataset hash of validated rows: the text column counts as the model's input column. */
function textDatasetHash(roles: ResolvedTextRoles, rows: readonly TextRow[]): string {
  const records: HashedRecord[] = rows.map((r) => ({
    externalId: r.externalId,
    sourceHash: r.contentHash,
    label: r.label,
    attributes: r.attributes,
  }));
  return datasetContentHash(
    { kind: "text", label: roles.label, features: [roles.text], attributes: roles.attributes },
    records,
  );
}

/**
 * Imports a text CSV in one transaction (a rejected import writes nothing), or returns the earlier
 * import of the same content with `created: false`.
 */
export async function importText(opts: TextImportOptions, db: Db): Promise<ImportResult> {
  const limits = resolveLimits(opts.limits);
  const maxTextChars = opts.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  if (!Number.isInteger(maxTextChars) || maxTextChars < 1) {
    throw new ImportError("invalid-options", `maxTextChars must be a positive integer, got ${maxTextChars}`);
  }
  const table = await readCsv(csvSource(opts), { maxBytes: limits.maxCsvBytes });
  const roles = resolveTextRoles(table, opts.columns);
  const { rows, missingCounts } = validateRows(table, roles, maxTextChars);
  opts.onProgress?.({ phase: "hash", done: rows.length, total: rows.length });

  const contentHash = textDatasetHash(roles, rows);
  const earlier = await recognisedImport(db, contentHash);
  if (earlier) return earlier;

  return writeDataset(
    db,
    {
      name: opts.name,
      kind: "text",
      description: opts.description ?? "",
      provenance: opts.provenance ?? "",
      license: opts.license ?? "",
      cardId: opts.cardId ?? null,
      isDemo: opts.isDemo ?? false,
      createdBy: opts.createdBy ?? null,
      contentHash,
      labelColumn: roles.label,
      featureColumns: [],
      attributeColumns: roles.attributes,
      textColumn: roles.text,
    },
    async (sink) => {
      let done = 0;
      for (const r of rows) {
        await sink.add({
          externalId: r.externalId,
          contentHash: r.contentHash,
          label: r.label,
          attributes: r.attributes,
          text: r.text,
        });
        done++;
        if (done % 1000 === 0 || done === rows.length)
          opts.onProgress?.({ phase: "store", done, total: rows.length });
      }
      return { missingCounts };
    },
  );
}
