/**
 * The demo datasets, imported from the compact files committed under public/demo (built by
 * scripts/demo/build.ts) through the same importer a user's upload goes through. Idempotent: the
 * second call recognises every dataset by its content hash and writes nothing.
 *
 * Layout of public/demo/<name>/: meta.json (roles, provenance, licence, checksums),
 * samples.csv (one row per sample: file or id, label, attributes[, features]) and, for image
 * datasets, pixels.u8.gz (gzip of count x height x width x channels uint8, in samples.csv order).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Db } from "@/db/client";
import type { AttributeColumn } from "@/db/schema";
import { appRoot } from "@/lib/env";
import { sha256Hex } from "./hash";
import { importImages } from "./import-images";
import { importTabular } from "./import-tabular";
import type { ImportResult } from "./types";

export const DEMO_NAMES = [
  "mnist-0-4",
  "mnist-5-9",
  "fashion-mnist",
  "colored-mnist-source",
  "colored-mnist-target",
  "cps-1985-south",
  "cps-1985-other",
] as const;
export type DemoName = (typeof DEMO_NAMES)[number];

export interface DemoMeta {
  name: DemoName;
  /** The dataset's display name. */
  title: string;
  kind: "image" | "tabular";
  /** Which side of a transfer pair this is, and the pair's name. */
  role: "source" | "target";
  pair: string;
  description: string;
  provenance: string;
  license: string;
  csv: string;
  csvSha256: string;
  image?: {
    width: number;
    height: number;
    channels: 1 | 3;
    count: number;
    pixels: string;
    /** sha256 of the uncompressed pixels (gzip bytes may differ between zlib versions). */
    pixelsSha256: string;
  };
  columns: {
    file?: string;
    id?: string;
    label: string;
    features?: string[];
    attributes: AttributeColumn[];
  };
}

/** public/demo under the app root (TA_ROOT, else the working directory). */
export function defaultDemoDir(): string {
  return path.resolve(appRoot(), "public/demo");
}

/** defaultDemoDir() as resolved when this module loaded (kept for callers that import the constant). */
export const DEFAULT_DEMO_DIR = defaultDemoDir();

export function readDemoMeta(dir: string, name: DemoName): DemoMeta {
  const meta = JSON.parse(readFileSync(path.join(dir, name, "meta.json"), "utf8")) as DemoMeta;
  if (meta.name !== name) throw new Error(`demo ${name}: meta.json names "${meta.name}"`);
  return meta;
}

/** Reads and checks one demo's files against the checksums in its meta.json. */
export function loadDemoFiles(dir: string, meta: DemoMeta): { csvText: string; pixels: Uint8Array | null } {
  const base = path.join(dir, meta.name);
  const csvBytes = readFileSync(path.join(base, meta.csv));
  if (sha256Hex(csvBytes) !== meta.csvSha256) {
    throw new Error(
      `demo ${meta.name}: ${meta.csv} does not match its checksum in meta.json (rebuild with scripts/demo/build.ts)`,
    );
  }
  let pixels: Uint8Array | null = null;
  if (meta.image) {
    pixels = new Uint8Array(gunzipSync(readFileSync(path.join(base, meta.image.pixels))));
    if (sha256Hex(pixels) !== meta.image.pixelsSha256) {
      throw new Error(`demo ${meta.name}: ${meta.image.pixels} does not match its checksum in meta.json`);
    }
  }
  return { csvText: csvBytes.toString("utf8"), pixels };
}

/** The `file` column of an image demo's samples.csv, in order: the packed images' names. */
function fileNames(csvText: string, column: string): string[] {
  const lines = csvText.split("\n").filter((l) => l !== "");
  const header = lines[0]!.split(",");
  const k = header.indexOf(column);
  if (k < 0) throw new Error(`demo samples.csv has no column "${column}"`);
  return lines.slice(1).map((l) => l.split(",")[k]!);
}

export async function importDemo(db: Db, meta: DemoMeta, dir = defaultDemoDir()): Promise<ImportResult> {
  const { csvText, pixels } = loadDemoFiles(dir, meta);
  const common = {
    name: meta.title,
    description: meta.description,
    provenance: meta.provenance,
    license: meta.license,
    isDemo: true,
  };
  if (meta.kind === "image") {
    const img = meta.image!;
    const file = meta.columns.file ?? "file";
    return importImages(
      {
        ...common,
        packed: {
          pixels: pixels!,
          width: img.width,
          height: img.height,
          channels: img.channels,
          names: fileNames(csvText, file),
        },
        manifestCsv: { text: csvText, name: `${meta.name}/${meta.csv}` },
        columns: { file, label: meta.columns.label, attributes: meta.columns.attributes },
      },
      db,
    );
  }
  return importTabular(
    {
      ...common,
      csvText,
      csvName: `${meta.name}/${meta.csv}`,
      columns: {
        id: meta.columns.id ?? null,
        label: meta.columns.label,
        features: meta.columns.features ?? "auto",
        attributes: meta.columns.attributes,
      },
    },
    db,
  );
}

/**
 * Imports every demo dataset (or recognises it) and returns the dataset ids by demo name.
 * Runs the imports one after another: each is its own transaction.
 */
export async function seedDemoDatasets(
  db: Db,
  opts: { dir?: string } = {},
): Promise<Record<DemoName, string>> {
  const dir = opts.dir ?? defaultDemoDir();
  const ids = {} as Record<DemoName, string>;
  for (const name of DEMO_NAMES) {
    const r = await importDemo(db, readDemoMeta(dir, name), dir);
    ids[name] = r.datasetId;
  }
  return ids;
}
