/**
 * Small inputs for the importer tests: PNGs made with sharp, folders in a temp dir, zips made
 * with yazl (and byte-patched where yazl rightly refuses to write a bad name).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import yazl from "yazl";
import type { Db } from "@/db/client";
import { datasets } from "@/db/schema";

/** A width x height RGB PNG whose pixels depend on `seed` (so different seeds give different bytes). */
export async function makePng(seed: number, width = 8, height = 8): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 31 + seed * 97) % 256;
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

export function tempDir(prefix = "ta-import-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `files` (relative path -> content) under `dir`. */
export function writeTree(dir: string, files: Record<string, Uint8Array | string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** A zip of `files` in memory (deflated). */
export function zipOf(files: Record<string, Uint8Array | string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { mtime: new Date(0) });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

/** Replaces every occurrence of the name `from` by `to` (same length) in a zip's bytes. */
export function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error("renameInZip: names must have the same length");
  const out = Buffer.from(zip);
  const a = Buffer.from(from);
  let at = out.indexOf(a);
  let n = 0;
  while (at >= 0) {
    out.write(to, at);
    n++;
    at = out.indexOf(a, at + 1);
  }
  if (n === 0) throw new Error(`renameInZip: "${from}" not found`);
  return out;
}

/** Empties the dataset tables between tests (samples go by cascade). */
export async function clearDatasets(db: Db): Promise<void> {
  await db.delete(datasets);
}
