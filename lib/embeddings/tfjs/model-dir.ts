/**
 * Read a TF.js model directory (`model.json` + weight shards) into memory and check it, without TF.js
 * and without any network access, so the checks can run anywhere (a pool's main thread, an upload
 * handler) before a model is handed to a runtime.
 *
 * Checks, in order, each failing with the file and the problem in the message: model.json exists and
 * parses; it matches the schema; its kind is known; the declared parameter count is under the cap;
 * every shard path stays inside the directory and exists; each manifest group's shards hold exactly
 * the bytes its weights need (elements x stored dtype size). Only then are the shards read.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  checkParamCap,
  checkShardPath,
  checkShardSizes,
  DEFAULT_MAX_PARAMS,
  type ModelJson,
  type ModelKind,
  modelKind,
  parseModelJson,
} from "./manifest";

export interface LoadOptions {
  /** Refuse models declaring more weight values than this (default 50M). */
  maxParams?: number;
}

/** A validated model held in memory, not yet handed to TF.js. */
export interface ModelArtifacts {
  json: ModelJson;
  kind: ModelKind;
  /** All shards concatenated in manifest order (group by group, path by path). */
  weightData: ArrayBuffer;
  /** sha256 (hex) of `weightData`: a content hash of the weights, independent of file names. */
  weightsHash: string;
  /** Weight values declared by the manifest. */
  params: number;
  /** Where it came from, for messages. */
  label: string;
}

/** sha256 over byte chunks in order (same result as hashing their concatenation). */
export function sha256Hex(chunks: Iterable<Uint8Array>): string {
  const h = createHash("sha256");
  for (const c of chunks) h.update(c);
  return h.digest("hex");
}

function concat(chunks: readonly Uint8Array[]): ArrayBuffer {
  const total = chunks.reduce((s, c) => s + c.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out.buffer;
}

function validated(
  raw: unknown,
  label: string,
  opts: LoadOptions,
): { json: ModelJson; kind: ModelKind; params: number } {
  const json = parseModelJson(raw, label);
  const kind = modelKind(json, label);
  const params = checkParamCap(json, opts.maxParams ?? DEFAULT_MAX_PARAMS, label);
  json.weightsManifest.forEach((g, gi) => {
    g.paths.forEach((p, pi) => {
      checkShardPath(p, `${label}: weightsManifest[${gi}].paths[${pi}]`);
    });
  });
  return { json, kind, params };
}

/** A checked model directory whose shards have not been read yet. */
export interface InspectedModelDir {
  json: ModelJson;
  kind: ModelKind;
  params: number;
}

/** Run every check on `dir/model.json` and the shard sizes, reading no weights. */
export async function inspectModelDir(dir: string, opts: LoadOptions = {}): Promise<InspectedModelDir> {
  const jsonPath = path.join(dir, "model.json");
  let text: string;
  try {
    text = await readFile(jsonPath, "utf8");
  } catch (e) {
    throw new Error(
      `model.json: cannot read ${jsonPath} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`model.json: not valid JSON (${(e as Error).message})`);
  }
  const { json, kind, params } = validated(raw, "model.json", opts);

  // Sizes from stat, so a wrong or huge file is refused before it is read.
  const sizes: number[][] = [];
  for (const [gi, g] of json.weightsManifest.entries()) {
    const row: number[] = [];
    for (const [pi, p] of g.paths.entries()) {
      try {
        const st = await stat(path.join(dir, p));
        if (!st.isFile()) throw new Error("not a file");
        row.push(st.size);
      } catch {
        throw new Error(`model.json: weightsManifest[${gi}].paths[${pi}] '${p}' does not exist in ${dir}`);
      }
    }
    sizes.push(row);
  }
  checkShardSizes(json, sizes, "model.json");
  return { json, kind, params };
}

/** Check `dir` (inspectModelDir), then read its shards and hash them. */
export async function readModelDir(dir: string, opts: LoadOptions = {}): Promise<ModelArtifacts> {
  const { json, kind, params } = await inspectModelDir(dir, opts);
  const chunks: Uint8Array[] = [];
  for (const g of json.weightsManifest)
    for (const p of g.paths) chunks.push(await readFile(path.join(dir, p)));
  return {
    json,
    kind,
    params,
    weightData: concat(chunks),
    weightsHash: sha256Hex(chunks),
    label: "model.json",
  };
}

/**
 * Validate a model whose files are already in memory (e.g. decoded from an npm package). `shards` maps
 * each manifest path to its bytes.
 */
export function artifactsFromMemory(
  raw: unknown,
  shards: ReadonlyMap<string, Uint8Array>,
  label: string,
  opts: LoadOptions = {},
): ModelArtifacts {
  const { json, kind, params } = validated(raw, label, opts);
  const chunks: Uint8Array[] = [];
  const sizes = json.weightsManifest.map((g, gi) =>
    g.paths.map((p, pi) => {
      const b = shards.get(p);
      if (!b) throw new Error(`${label}: weightsManifest[${gi}].paths[${pi}] '${p}' was not provided`);
      chunks.push(b);
      return b.byteLength;
    }),
  );
  checkShardSizes(json, sizes, label);
  return { json, kind, params, weightData: concat(chunks), weightsHash: sha256Hex(chunks), label };
}
