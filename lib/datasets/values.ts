/**
 * Cell values: what counts as missing, what counts as a number, and which type a column looks
 * like. Numbers are parsed strictly (a decimal literal with optional exponent): `Number()` would
 * accept "", " ", "0x1A", "Infinity" and "1_000"-free surprises such as "0b11", none of which a
 * CSV author means as a feature value.
 */

/** Cells read as "no value": empty, and the spellings R, pandas and spreadsheets write for it. */
const MISSING = new Set(["", "na", "n/a", "nan", "null", "none", "?", "-"]);

export function isMissing(value: string): boolean {
  return MISSING.has(value.trim().toLowerCase());
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The finite number a cell spells, or null when it is not a plain decimal literal. */
export function parseNumber(value: string): number | null {
  const t = value.trim();
  if (!DECIMAL.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Largest finite float32, (2 - 2^-23) * 2^127: larger features would be stored as Infinity. */
export const FLOAT32_MAX = 3.4028234663852886e38;

export type ColumnType = "integer" | "number" | "categorical" | "text" | "empty";

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  /** Non-missing values seen. */
  count: number;
  missing: number;
  distinct: number;
  /** Up to five distinct example values, in first-seen order. */
  examples: string[];
}

/**
 * Detected type of a column from its values: `integer`/`number` when every non-missing value
 * parses as a number; `categorical` when there are few distinct values (at most 50, and at most
 * half of the non-missing values, so an id column of unique strings is not categorical); `text`
 * otherwise; `empty` when nothing is there.
 */
export function profileColumn(name: string, values: readonly string[]): ColumnProfile {
  let count = 0;
  let missing = 0;
  let numeric = true;
  let integer = true;
  const distinct = new Set<string>();
  const examples: string[] = [];
  for (const raw of values) {
    if (isMissing(raw)) {
      missing++;
      continue;
    }
    const v = raw.trim();
    count++;
    if (!distinct.has(v)) {
      distinct.add(v);
      if (examples.length < 5) examples.push(v);
    }
    if (numeric) {
      const n = parseNumber(v);
      if (n === null) numeric = false;
      else if (!Number.isInteger(n)) integer = false;
    }
  }
  let type: ColumnType;
  if (count === 0) type = "empty";
  else if (numeric) type = integer ? "integer" : "number";
  else if (distinct.size <= 50 && distinct.size <= Math.max(1, count / 2)) type = "categorical";
  else type = "text";
  return { name, type, count, missing, distinct: distinct.size, examples };
}

/**
 * Column names that usually describe people (a protected characteristic in anti-discrimination
 * law, e.g. the US Civil Rights Act and EU Directive 2000/43/EC, or a proxy for one). Only a
 * proposal: the user confirms which attributes are protected before anything is stored.
 */
const PROTECTED_WORDS = new Set([
  "sex",
  "gender",
  "race",
  "racial",
  "ethnicity",
  "ethnic",
  "skin",
  "age",
  "religion",
  "religious",
  "disability",
  "disabled",
  "nationality",
  "national",
  "marital",
  "married",
  "pregnant",
  "pregnancy",
  "orientation",
]);

/** True when one of the words of the column name (split at `_`, `-`, space, camelCase) is above. */
export function looksProtected(column: string): boolean {
  const words = column
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[\s_\-.]+/);
  return words.some((w) => PROTECTED_WORDS.has(w));
}

const LABEL_NAMES = ["label", "labels", "class", "target", "y", "category", "digit"];
const FILE_NAMES = ["file", "filename", "file_name", "path", "filepath", "image", "image_path", "img"];
const ID_NAMES = ["id", "sample_id", "uid", "key"];

export function findByName(header: readonly string[], names: readonly string[]): string | undefined {
  for (const n of names) {
    const hit = header.find((h) => h.toLowerCase() === n);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

export const proposeLabel = (header: readonly string[]) => findByName(header, LABEL_NAMES);
export const proposeFile = (header: readonly string[]) => findByName(header, FILE_NAMES);
export const proposeId = (header: readonly string[]) => findByName(header, ID_NAMES);
