/**
 * CSV reading for manifests, tabular data and embedding ids, with csv-parse (RFC 4180 quoting,
 * multi-line fields, BOM) and our own checks so every problem names the file, the row and, where
 * there is one, the column. Row numbers are line numbers in the file, as a spreadsheet or an
 * editor shows them: the header is row 1, the first data row is row 2 (a quoted field spanning
 * lines counts at the line where its record ends).
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CsvError } from "csv-parse";
import { parse } from "csv-parse/sync";
import { ImportError } from "./errors";
import { formatBytes } from "./limits";

/** A CSV given by path or by its text (an upload); `name` is what messages call it. */
export type CsvSource = { path: string; name?: string } | { text: string; name?: string };

export interface CsvRow {
  /** Line number of the record in the file (header = 1). */
  row: number;
  values: string[];
}

export interface CsvTable {
  /** How messages name the file: its base name, or the caller's name for text. */
  file: string;
  header: string[];
  rows: CsvRow[];
  delimiter: string;
}

export function csvDisplayName(source: CsvSource): string {
  if (source.name) return source.name;
  return "path" in source ? path.basename(source.path) : "data.csv";
}

async function loadText(source: CsvSource, file: string, maxBytes: number): Promise<string> {
  if ("text" in source) {
    if (Buffer.byteLength(source.text) > maxBytes) {
      throw new ImportError(
        "limit-exceeded",
        `the CSV is larger than the limit of ${formatBytes(maxBytes)} (maxCsvBytes)`,
        {
          file,
        },
      );
    }
    return source.text;
  }
  let bytes: Buffer;
  try {
    const s = await stat(source.path);
    if (!s.isFile()) throw new ImportError("unreadable-source", "is not a file", { file });
    if (s.size > maxBytes) {
      throw new ImportError(
        "limit-exceeded",
        `the CSV is ${formatBytes(s.size)}, over the limit of ${formatBytes(maxBytes)} (maxCsvBytes)`,
        { file },
      );
    }
    bytes = await readFile(source.path);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    throw new ImportError("unreadable-source", `cannot be read (${(e as Error).message})`, { file });
  }
  if (bytes.includes(0)) {
    throw new ImportError("unparseable-csv", "is not a text CSV: it contains NUL bytes (a binary file?)", {
      file,
    });
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError("unparseable-csv", "is not UTF-8 text: save it as UTF-8 CSV", { file });
  }
}

/** Comma unless the header line has none and has tabs or semicolons (TSV, European Excel). */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (firstLine.includes(",")) return ",";
  if (firstLine.includes("\t")) return "\t";
  if (firstLine.includes(";")) return ";";
  return ",";
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Reads a whole CSV with a header row and validates its shape: not empty, parseable, header
 * names present and unique, every row as long as the header. Throws ImportError otherwise.
 */
export async function readCsv(source: CsvSource, opts: { maxBytes: number }): Promise<CsvTable> {
  const file = csvDisplayName(source);
  const text = await loadText(source, file, opts.maxBytes);
  if (text.includes("\u0000")) {
    throw new ImportError("unparseable-csv", "is not a text CSV: it contains NUL characters", { file });
  }
  if (text.replace(/^\uFEFF/, "").trim() === "") {
    throw new ImportError("empty-csv", "the CSV is empty: expected a header row and at least one data row", {
      file,
    });
  }
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, ""));
  let records: ParsedRecord[];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRecord[];
  } catch (e) {
    if (e instanceof CsvError) {
      const lines = (e as CsvError & { lines?: number }).lines;
      throw new ImportError("unparseable-csv", `cannot be parsed as CSV: ${e.message}`, {
        file,
        ...(typeof lines === "number" ? { row: lines } : {}),
      });
    }
    throw e;
  }
  const first = records[0];
  if (!first) {
    throw new ImportError("empty-csv", "the CSV is empty: expected a header row and at least one data row", {
      file,
    });
  }
  const header = first.record.map((h) => h.trim());
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === "") {
      throw new ImportError("unparseable-csv", `header cell ${i + 1} is empty: every column needs a name`, {
        file,
        row: first.info.lines,
      });
    }
    const before = seen.get(name);
    if (before !== undefined) {
      throw new ImportError(
        "duplicate-column",
        `the header names column "${name}" twice (cells ${before + 1} and ${i + 1})`,
        { file, row: first.info.lines },
      );
    }
    seen.set(name, i);
  });
  if (records.length < 2) {
    throw new ImportError("empty-csv", "the CSV has a header but no data rows", { file });
  }
  const rows: CsvRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    if (record.length !== header.length) {
      throw new ImportError(
        "ragged-row",
        `has ${record.length} field${record.length === 1 ? "" : "s"}, but the header has ${header.length} ` +
          `(${header.join(", ")}): a missing or extra delimiter, or an unquoted "${delimiter}" inside a value`,
        { file, row: info.lines },
      );
    }
    rows.push({ row: info.lines, values: record });
  }
  return { file, header, rows, delimiter };
}

/** Index of `name` in the header, or an ImportError naming the columns that exist. */
export function columnIndex(table: Pick<CsvTable, "file" | "header">, name: string, role: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    throw new ImportError(
      "invalid-options",
      `the ${role} column "${name}" is not in the header (columns: ${table.header.join(", ")})`,
      { file: table.file },
    );
  }
  return i;
}
