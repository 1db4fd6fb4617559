/**
 * Validation of a text dataset CSV before import: one row per sample with a text column, an
 * optional id column, an optional label column and attribute columns. Nothing is written here: the
 * importer takes the validated rows and inserts them in one transaction, so a file with any error
 * imports nothing.
 *
 * Rules (each violation throws a `TextCsvError` naming the file, the row and the column):
 * - UTF-8 (a byte-order mark is ignored), RFC 4180 quoting, the first record is the header;
 *   header names are trimmed, must be non-empty and distinct;
 * - the text column must exist; every text must be non-empty after trimming and at most
 *   `maxTextChars` characters;
 * - ids (when an id column is used) must be non-empty and unique; without one, ids are `row-<n>`;
 * - labels (when a label column is used) must be non-empty: a sample without a label cannot be
 *   used to measure transfer, so it is an error rather than a silent gap;
 * - empty attribute values become null and are counted in `missingCounts`;
 * - at least one data row, at most `maxRows`. Blank lines are skipped.
 *
 * Row numbers count data rows from 1 (the header is not a row); line numbers count physical lines
 * from 1 and point at the line where the record ends (quoted texts may span lines).
 */
import { parse } from "csv-parse/sync";

export class TextCsvError extends Error {
  readonly file: string;
  readonly row: number | null;
  readonly column: string | null;
  constructor(file: string, row: number | null, column: string | null, problem: string, line?: number) {
    const where = [
      row !== null ? `row ${row}${line !== undefined ? ` (line ${line})` : ""}` : null,
      column !== null ? `column "${column}"` : null,
    ]
      .filter(Boolean)
      .join(", ");
    super(`${file}: ${where ? `${where}: ` : ""}${problem}`);
    this.name = "TextCsvError";
    this.file = file;
    this.row = row;
    this.column = column;
  }
}

export interface TextCsvOptions {
  /** File name used in error messages. */
  file: string;
  /** Default "text". */
  textColumn?: string;
  /** Default "id" when the header has it; null: ids are `row-<n>`. */
  idColumn?: string | null;
  /** Default "label" when the header has it; null: no labels. */
  labelColumn?: string | null;
  /** Default: every column that is not the text, id or label column. */
  attributeColumns?: readonly string[];
  /** Default 200,000. */
  maxRows?: number;
  /** Default 100,000 characters. */
  maxTextChars?: number;
}

export interface TextCsvRow {
  /** Data row number, from 1. */
  row: number;
  id: string;
  text: string;
  label: string | null;
  attributes: Record<string, string | null>;
}

export interface TextCsvResult {
  file: string;
  columns: string[];
  textColumn: string;
  idColumn: string | null;
  labelColumn: string | null;
  attributeColumns: string[];
  rows: TextCsvRow[];
  /** Empty values per attribute column. */
  missingCounts: Record<string, number>;
}

interface CsvInfo {
  lines: number;
}

function decode(content: string | Uint8Array, file: string): string {
  if (typeof content === "string") return content;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    throw new TextCsvError(file, null, null, "not valid UTF-8 text");
  }
}

export function parseTextCsv(content: string | Uint8Array, options: TextCsvOptions): TextCsvResult {
  const { file } = options;
  const maxRows = options.maxRows ?? 200_000;
  const maxTextChars = options.maxTextChars ?? 100_000;
  let records: { record: string[]; info: CsvInfo }[];
  try {
    // With `info: true` each record comes as { record, info }; csv-parse's types do not say so.
    records = parse(decode(content, file), { bom: true, skip_empty_lines: true, info: true }) as unknown as {
      record: string[];
      info: CsvInfo;
    }[];
  } catch (err) {
    if (err instanceof TextCsvError) throw err;
    const e = err as { message?: string; lines?: number };
    throw new TextCsvError(
      file,
      null,
      null,
      `malformed CSV${e.lines ? ` at line ${e.lines}` : ""}: ${e.message ?? String(err)}`,
    );
  }
  const header = records[0];
  if (!header) throw new TextCsvError(file, null, null, "empty file (no header)");
  const columns = header.record.map((c) => c.trim());
  columns.forEach((c, i) => {
    if (!c) throw new TextCsvError(file, null, null, `header: column ${i + 1} has no name`);
    if (columns.indexOf(c) !== i) throw new TextCsvError(file, null, c, "header: column name appears twice");
  });
  const has = (c: string) => columns.includes(c);
  const need = (c: string, role: string) => {
    if (!has(c))
      throw new TextCsvError(file, null, c, `${role} column not in header (columns: ${columns.join(", ")})`);
    return c;
  };
  const textColumn = need(options.textColumn ?? "text", "text");
  const idColumn =
    options.idColumn === null
      ? null
      : options.idColumn !== undefined
        ? need(options.idColumn, "id")
        : has("id")
          ? "id"
          : null;
  const labelColumn =
    options.labelColumn === null
      ? null
      : options.labelColumn !== undefined
        ? need(options.labelColumn, "label")
        : has("label")
          ? "label"
          : null;
  const reserved = new Set([textColumn, idColumn, labelColumn].filter((c): c is string => c !== null));
  const attributeColumns = options.attributeColumns
    ? options.attributeColumns.map((c) => {
        if (reserved.has(c))
          throw new TextCsvError(file, null, c, "attribute column is also the text, id or label column");
        return need(c, "attribute");
      })
    : columns.filter((c) => !reserved.has(c));

  const dataRecords = records.slice(1);
  if (dataRecords.length === 0) throw new TextCsvError(file, null, null, "no data rows after the header");
  if (dataRecords.length > maxRows) {
    throw new TextCsvError(
      file,
      null,
      null,
      `${dataRecords.length} data rows, more than the limit of ${maxRows}`,
    );
  }
  const col = (c: string) => columns.indexOf(c);
  const textIdx = col(textColumn);
  const idIdx = idColumn === null ? -1 : col(idColumn);
  const labelIdx = labelColumn === null ? -1 : col(labelColumn);
  const attrIdx = attributeColumns.map((c) => [c, col(c)] as const);
  const missingCounts: Record<string, number> = Object.fromEntries(attributeColumns.map((c) => [c, 0]));
  const seen = new Map<string, number>();

  const rows = dataRecords.map(({ record, info }, k): TextCsvRow => {
    const row = k + 1;
    const line = info.lines;
    const cell = (i: number) => (record[i] ?? "").trim();
    const text = cell(textIdx);
    if (!text) throw new TextCsvError(file, row, textColumn, "empty text", line);
    if (text.length > maxTextChars) {
      throw new TextCsvError(
        file,
        row,
        textColumn,
        `text has ${text.length} characters, more than ${maxTextChars}`,
        line,
      );
    }
    let id = `row-${row}`;
    if (idColumn !== null) {
      id = cell(idIdx);
      if (!id) throw new TextCsvError(file, row, idColumn, "empty id", line);
      const first = seen.get(id);
      if (first !== undefined)
        throw new TextCsvError(file, row, idColumn, `id "${id}" already used by row ${first}`, line);
      seen.set(id, row);
    }
    let label: string | null = null;
    if (labelColumn !== null) {
      label = cell(labelIdx);
      if (!label) throw new TextCsvError(file, row, labelColumn, "empty label", line);
    }
    const attributes: Record<string, string | null> = {};
    for (const [name, i] of attrIdx) {
      const v = cell(i);
      attributes[name] = v || null;
      if (!v) missingCounts[name]! += 1;
    }
    return { row, id, text, label, attributes };
  });

  return { file, columns, textColumn, idColumn, labelColumn, attributeColumns, rows, missingCounts };
}
