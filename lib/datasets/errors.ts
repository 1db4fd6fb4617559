/**
 * The one error an import throws when it rejects the whole dataset. It names where the problem is
 * (file, row, column) so a person can fix the input, and carries a `code` a caller can map to an
 * HTTP status or an exit code. Per-sample problems are not errors: they become `SkippedSample`s.
 */
export type ImportErrorCode =
  /** The options name no source, two sources, or a column that does not exist. */
  | "invalid-options"
  /** A CSV with no header or no data rows. */
  | "empty-csv"
  /** csv-parse could not read the file (an unclosed quote, a stray quote, bad encoding). */
  | "unparseable-csv"
  /** A row with more or fewer fields than the header. */
  | "ragged-row"
  /** Two header cells with the same name. */
  | "duplicate-column"
  /** Two samples with the same id (manifest file, id column). */
  | "duplicate-id"
  /** A required cell is empty (a manifest's file, an id). */
  | "missing-value"
  /** A manifest row names a file the folder or archive does not hold. */
  | "missing-file"
  /** A feature value that is not a finite number. */
  | "non-numeric"
  /** A path that leaves the folder or archive (`../x`, `/etc/passwd`, a symlink pointing out). */
  | "path-escape"
  /** File count, total size, entry size or compression ratio past the configured limit. */
  | "limit-exceeded"
  /** The archive itself cannot be read (truncated, sizes that do not match, bad deflate data). */
  | "corrupt-archive"
  /** A `.npy` file this reader cannot use. */
  | "bad-npy"
  /** After skipping, nothing is left to import. */
  | "no-samples"
  /** The source does not exist or cannot be read. */
  | "unreadable-source";

export interface ImportErrorLocation {
  /** The file the problem is in (manifest, CSV, archive entry), as the user named it. */
  file?: string;
  /** 1-based row number as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  row?: number;
  column?: string;
}

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;

  constructor(code: ImportErrorCode, problem: string, where: ImportErrorLocation = {}) {
    super(`${formatLocation(where)}${problem}`);
    this.name = "ImportError";
    this.code = code;
    this.file = where.file;
    this.row = where.row;
    this.column = where.column;
  }
}

/** `manifest.csv, row 4, column "file": ` (only the parts that are known). */
export function formatLocation(where: ImportErrorLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.column !== undefined) parts.push(`column "${where.column}"`);
  return parts.length > 0 ? `${parts.join(", ")}: ` : "";
}

export function isImportError(e: unknown): e is ImportError {
  return e instanceof ImportError;
}
