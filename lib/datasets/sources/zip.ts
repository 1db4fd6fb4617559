/**
 * A zip archive as an image source, read with yauzl (streaming, random access through the
 * central directory; nothing is extracted to disk). Zip-bomb and zip-slip guards, all from the
 * central directory before any entry is inflated:
 * - entry count (the directory's own count, so a 10-million-entry archive is refused at once);
 * - each entry's declared uncompressed size and the running total;
 * - the compression ratio of each large entry and of the whole archive;
 * - every name canonicalised, `..` and absolute paths refused.
 * yauzl's `validateEntrySizes` then makes a stream that inflates to more (or fewer) bytes than
 * declared fail, so the declared sizes checked here cannot lie.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import { ImportError } from "../errors";
import { formatBytes, type ImportLimits } from "../limits";
import { isClutter, normalizeEntryPath } from "../paths";
import type { ImageSource, SourceEntry } from "./types";

const OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  // Names are decoded and validated by us (normalizeEntryPath) so the error can name the entry.
  decodeStrings: false,
  validateEntrySizes: true,
};

function openZip(input: { path: string } | { buffer: Buffer }): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip: yauzl.ZipFile) => (err ? reject(err) : resolve(zip));
    if ("path" in input) yauzl.open(input.path, OPTIONS, done);
    else yauzl.fromBuffer(input.buffer, OPTIONS, done);
  });
}

/** Name bytes -> string: UTF-8 when the entry says so (bit 11) or when the bytes are valid UTF-8, else CP437-ish latin1. */
function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  if ((entry.generalPurposeBitFlag & 0x800) !== 0) return raw.toString("utf8");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return raw.toString("latin1");
  }
}

function ratioText(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(0)}:1` : "unbounded";
}

export async function openZipSource(
  input: { path: string } | { buffer: Buffer },
  displayName: string,
  limits: ImportLimits,
): Promise<ImageSource> {
  const file = displayName;
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(input);
  } catch (e) {
    throw new ImportError("corrupt-archive", `is not a readable zip archive (${(e as Error).message})`, {
      file,
    });
  }
  const entries: SourceEntry[] = [];
  const byPath = new Map<string, yauzl.Entry>();
  try {
    if (zip.entryCount > limits.maxFiles) {
      throw new ImportError(
        "limit-exceeded",
        `the archive holds ${zip.entryCount} entries, over the limit of ${limits.maxFiles} (maxFiles)`,
        { file },
      );
    }
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      const rawName = decodeName(entry);
      if (rawName.endsWith("/") || rawName.endsWith("\\")) {
        normalizeEntryPath(rawName, { file }, "entry path");
        continue;
      }
      const p = normalizeEntryPath(rawName, { file }, "entry path");
      if (p === "" || isClutter(p)) continue;
      const size = entry.uncompressedSize;
      if (size > limits.maxEntryBytes) {
        throw new ImportError(
          "limit-exceeded",
          `entry "${p}" inflates to ${formatBytes(size)}, over the per-file limit of ${formatBytes(limits.maxEntryBytes)} (maxEntryBytes)`,
          { file },
        );
      }
      const ratio = size / entry.compressedSize;
      if (size >= limits.ratioMinBytes && ratio > limits.maxCompressionRatio) {
        throw new ImportError(
          "limit-exceeded",
          `entry "${p}" has a compression ratio of ${ratioText(ratio)}, over the limit of ${limits.maxCompressionRatio}:1 ` +
            "(maxCompressionRatio): a zip bomb?",
          { file },
        );
      }
      total += size;
      if (total > limits.maxTotalBytes) {
        throw new ImportError(
          "limit-exceeded",
          `the archive inflates to more than ${formatBytes(limits.maxTotalBytes)} (maxTotalBytes)`,
          { file },
        );
      }
      if (byPath.has(p)) {
        throw new ImportError("duplicate-id", `the archive holds two entries named "${p}"`, { file });
      }
      byPath.set(p, entry);
      entries.push({ path: p, size });
    }
    const overall = total / zip.fileSize;
    if (total >= limits.ratioMinBytes && overall > limits.maxCompressionRatio) {
      throw new ImportError(
        "limit-exceeded",
        `the archive inflates ${ratioText(overall)} (${formatBytes(total)} from ${formatBytes(zip.fileSize)}), ` +
          `over the limit of ${limits.maxCompressionRatio}:1 (maxCompressionRatio): a zip bomb?`,
        { file },
      );
    }
  } catch (e) {
    zip.close();
    if (e instanceof ImportError) throw e;
    throw new ImportError(
      "corrupt-archive",
      `the archive's directory cannot be read (${(e as Error).message})`,
      { file },
    );
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  async function stream(p: string): Promise<Readable> {
    const entry = byPath.get(p);
    if (!entry) throw new Error(`zip source: no entry "${p}"`);
    if (entry.isEncrypted()) {
      throw new ImportError(
        "corrupt-archive",
        `entry "${p}" is encrypted: password-protected archives are not supported`,
        {
          file,
        },
      );
    }
    try {
      return await zip.openReadStreamPromise(entry);
    } catch (e) {
      throw new ImportError("corrupt-archive", `entry "${p}" cannot be read (${(e as Error).message})`, {
        file,
      });
    }
  }
  async function consume(p: string, onChunk: (c: Buffer) => void): Promise<void> {
    const s = await stream(p);
    try {
      for await (const chunk of s) onChunk(chunk as Buffer);
    } catch (e) {
      throw new ImportError("corrupt-archive", `entry "${p}" cannot be inflated (${(e as Error).message})`, {
        file,
      });
    }
  }

  return {
    name: displayName,
    entries,
    async sourceHash(p) {
      const h = createHash("sha256");
      await consume(p, (c) => h.update(c));
      return h.digest("hex");
    },
    async readContent(p) {
      const chunks: Buffer[] = [];
      await consume(p, (c) => chunks.push(c));
      const b = Buffer.concat(chunks);
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
    async close() {
      zip.close();
    },
  };
}
