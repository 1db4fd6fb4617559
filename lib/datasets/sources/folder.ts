/**
 * A folder on disk as an image source. Symlinks are resolved and must stay inside the folder
 * (a link to /etc/shadow is a path escape); linked folders are not descended into, which also
 * rules out cycles.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { ImportError } from "../errors";
import { formatBytes, type ImportLimits } from "../limits";
import { isClutter } from "../paths";
import type { ImageSource, SourceEntry } from "./types";

export async function openFolderSource(folder: string, limits: ImportLimits): Promise<ImageSource> {
  const name = path.basename(path.resolve(folder));
  let root: string;
  try {
    root = await realpath(folder);
    if (!(await stat(root)).isDirectory()) throw new Error("not a folder");
  } catch (e) {
    throw new ImportError("unreadable-source", `the folder cannot be opened (${(e as Error).message})`, {
      file: folder,
    });
  }
  const entries: SourceEntry[] = [];
  const absolute = new Map<string, string>();
  let total = 0;

  async function walk(dir: string, rel: string): Promise<void> {
    const items = await readdir(dir, { withFileTypes: true });
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const item of items) {
      const relPath = rel === "" ? item.name : `${rel}/${item.name}`;
      const abs = path.join(dir, item.name);
      if (isClutter(relPath)) continue;
      if (item.isDirectory()) {
        await walk(abs, relPath);
        continue;
      }
      let target = abs;
      if (item.isSymbolicLink()) {
        target = await realpath(abs).catch(() => "");
        if (target === "" || (target !== root && !target.startsWith(root + path.sep))) {
          throw new ImportError(
            "path-escape",
            `the symbolic link "${relPath}" points outside the folder (or nowhere)`,
            {
              file: name,
            },
          );
        }
        if (!(await lstat(target)).isFile()) continue;
      } else if (!item.isFile()) {
        continue;
      }
      const size = (await stat(target)).size;
      if (entries.length + 1 > limits.maxFiles) {
        throw new ImportError(
          "limit-exceeded",
          `the folder holds more than ${limits.maxFiles} files (maxFiles)`,
          { file: name },
        );
      }
      if (size > limits.maxEntryBytes) {
        throw new ImportError(
          "limit-exceeded",
          `"${relPath}" is ${formatBytes(size)}, over the per-file limit of ${formatBytes(limits.maxEntryBytes)} (maxEntryBytes)`,
          { file: name },
        );
      }
      total += size;
      if (total > limits.maxTotalBytes) {
        throw new ImportError(
          "limit-exceeded",
          `the folder's files add up to more than ${formatBytes(limits.maxTotalBytes)} (maxTotalBytes)`,
          { file: name },
        );
      }
      entries.push({ path: relPath, size });
      absolute.set(relPath, target);
    }
  }
  await walk(root, "");
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const locate = (p: string): string => {
    const abs = absolute.get(p);
    if (!abs) throw new Error(`folder source: no entry "${p}"`);
    return abs;
  };
  return {
    name,
    entries,
    async sourceHash(p) {
      const h = createHash("sha256");
      for await (const chunk of createReadStream(locate(p))) h.update(chunk as Buffer);
      return h.digest("hex");
    },
    async readContent(p) {
      const b = await readFile(locate(p));
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
    async close() {},
  };
}
