/**
 * Resource limits of an import. Archives are the classic attack surface (zip bombs: a few KB that
 * inflate to petabytes; "zip slip" paths), so every limit is checked from the archive's central
 * directory before a byte is inflated, and yauzl's `validateEntrySizes` makes the declared sizes
 * binding while inflating (a stream that yields more or fewer bytes than declared fails).
 */
export interface ImportLimits {
  /** Sum of the uncompressed sizes of all files in the archive or folder. */
  maxTotalBytes: number;
  /** Number of entries (files and folders) in the archive, files in the folder. */
  maxFiles: number;
  /** One file's uncompressed size. */
  maxEntryBytes: number;
  /**
   * Uncompressed / compressed size, per entry (entries of at least `ratioMinBytes`) and for the
   * whole archive (when its uncompressed total is at least `ratioMinBytes`). Real images are
   * already compressed (PNG, JPEG: ratio ~1); 200:1 only passes on near-constant data.
   */
  maxCompressionRatio: number;
  /** Entries smaller than this are not ratio-checked: a tiny text file can compress 1000:1 harmlessly. */
  ratioMinBytes: number;
  /** width x height of one image, read from its header before any pixel is decoded. */
  maxImagePixels: number;
  /** Size of a CSV (manifest, tabular data, ids) read into memory. */
  maxCsvBytes: number;
}

export const DEFAULT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxTotalBytes: 2 * 1024 ** 3,
  maxFiles: 200_000,
  maxEntryBytes: 50 * 1024 ** 2,
  maxCompressionRatio: 200,
  ratioMinBytes: 1024 ** 2,
  // 100 megapixels: a 10000 x 10000 photo; decoding it as RGBA takes 400 MB.
  maxImagePixels: 100_000_000,
  maxCsvBytes: 512 * 1024 ** 2,
});

/** The defaults overridden by `partial`; every value must be a positive finite number. */
export function resolveLimits(partial: Partial<ImportLimits> = {}): ImportLimits {
  const limits = { ...DEFAULT_LIMITS, ...partial };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new Error(`limits.${key} must be a positive finite number, got ${String(value)}`);
    }
  }
  return limits;
}

/** 2147483648 -> "2.0 GiB", for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
