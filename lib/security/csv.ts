/**
 * CSV export that a spreadsheet cannot turn into code (OWASP "CSV Injection").
 *
 * A cell whose text starts with `=`, `+`, `-`, `@`, a tab (0x09) or a carriage return (0x0D) is
 * read by Excel, LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)`, `@SUM(...)`, DDE
 * `=cmd|' /C calc'!A0`). Such a cell is prefixed with a single quote, which the spreadsheet shows as
 * "treat as text", and quoted. The check looks past leading spaces too (`  =1+1` is still a formula
 * to LibreOffice). Values of type number are written as numbers (a negative number is not a
 * formula), and so are strings that are exactly a decimal number, so numeric columns survive.
 *
 * Quoting per RFC 4180: a field holding a comma, a double quote, CR or LF is enclosed in double
 * quotes, with each double quote doubled; records end with CRLF.
 */

const FORMULA_START = /^[\s]*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error("csvCell: invalid Date");
    return value.toISOString();
  }
  return JSON.stringify(value) ?? "";
}

/** Whether a spreadsheet would evaluate this text as a formula. */
export function isFormulaLike(s: string): boolean {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s.trim());
}

/** One field, neutralised and quoted as needed. */
export function csvCell(value: unknown): string {
  let s = text(value);
  // Finite numbers pass as they are; any other text starting like a formula is defused.
  const isFiniteNumber = typeof value === "number" && Number.isFinite(value);
  let quote = NEEDS_QUOTES.test(s);
  if (!isFiniteNumber && isFormulaLike(s)) {
    s = `'${s}`;
    quote = true;
  }
  return quote ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows (the first usually the header) as one CSV document, CRLF-terminated. */
export function toCsv(rows: Iterable<readonly unknown[]>): string {
  let out = "";
  let width: number | null = null;
  let n = 0;
  for (const row of rows) {
    n++;
    if (!Array.isArray(row)) throw new Error(`toCsv: row ${n} is not an array`);
    width ??= row.length;
    if (row.length !== width)
      throw new Error(`toCsv: row ${n} has ${row.length} fields, the first row ${width}`);
    out += `${row.map(csvCell).join(",")}\r\n`;
  }
  return out;
}
