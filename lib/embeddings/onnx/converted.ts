/**
 * TF.js layers models on ONNX Runtime: the model is loaded with TF.js once, converted by `convert/`,
 * and the `.onnx` bytes are cached on disk with a sidecar JSON (layers, head, weights hash) under
 * `<data dir>/onnx-cache/<key>`, so later opens read no TF.js at all beyond the weights hash.
 *
 * Cache key: the TF.js weights hash (sha256 of the weight bytes, ../tfjs/model-dir.ts) for a model
 * directory, the nsfwjs version for the bundled MobileNetV2; sha256("random-init", base, seed) for a
 * seeded random copy (whose weights
 * are a function of topology and seed, ../tfjs/random-init.ts). CACHE_VERSION in the key invalidates
 * old entries when the conversion changes. A model that does not convert leaves
 * `<key>.unsupported.json` with the reason, so the choice (choice.ts) does not retry it each time.
 *
 * The engine's layer names, indices, classes and parameter counts are TF.js's, and its weights hash
 * is the TF.js model's: the same layers extract under the same names on both engines, and stored
 * embeddings keep one cache key whichever engine made them.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { dataDir } from "../../env";
import type { ClassificationHead, LayerInfo } from "../engine/types";
import type { TfjsModelSource } from "../tfjs/source";
import { decodeModel, graphOf } from "./graph";
import type { TensorLayout } from "./layout";
import type { OnnxPlan } from "./plan";

/** Bump when the converter's output for the same model changes. */
const CACHE_VERSION = 1;

interface Sidecar {
  version: number;
  weightsHash: string;
  params: number;
  head: ClassificationHead | null;
  inputName: string;
  inputShape: number[];
  layers: LayerInfo[];
  tensors: Record<string, { tensor: string; layout: TensorLayout }>;
}

export function onnxCacheDir(): string {
  return path.join(dataDir(), "onnx-cache");
}

async function readPretrained(source: Exclude<TfjsModelSource, { kind: "random-init" }>) {
  if (source.kind === "mobilenet_v2") {
    const { readMobileNetV2Artifacts } = await import("../tfjs/mobilenet");
    return readMobileNetV2Artifacts();
  }
  const { readModelDir } = await import("../tfjs/model-dir");
  return readModelDir(source.dir, { maxParams: source.maxParams });
}

/**
 * The installed nsfwjs version: a published npm version never changes its files, so it identifies the
 * bundled MobileNetV2's weights without decoding them (which needs TF.js's module, ~3 s to import
 * on a busy machine: the ONNX path should not pay it once the conversion is cached).
 */
function nsfwjsVersion(): string {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve("nsfwjs"));
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      const j = JSON.parse(fs.readFileSync(pkg, "utf8")) as { name?: string; version?: string };
      if (j.name === "nsfwjs") return j.version ?? "?";
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error("nsfwjs: no package.json found");
    dir = up;
  }
}

/** The cache key of `base` (reads and hashes a model directory's weights; no TF.js). */
export async function conversionKey(base: TfjsModelSource): Promise<string> {
  const pretrained = base.kind === "random-init" ? base.base : base;
  const hash =
    pretrained.kind === "mobilenet_v2"
      ? `mobilenet_v2@nsfwjs-${nsfwjsVersion()}`
      : (await readPretrained(pretrained)).weightsHash;
  const parts = base.kind === "random-init" ? ["random-init", hash, String(base.seed)] : [hash];
  return createHash("sha256")
    .update([`v${CACHE_VERSION}`, ...parts].join(":"))
    .digest("hex")
    .slice(0, 40);
}

function writeAtomic(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** Load `base` with TF.js, convert it, write the cache entry. Throws the converter's error. */
async function convertAndCache(base: TfjsModelSource, file: string): Promise<void> {
  const { initTf } = await import("../tfjs/backend");
  await initTf();
  const { loadArtifacts } = await import("../tfjs/load");
  const { randomInitModel } = await import("../tfjs/random-init");
  const { detectHead, listLayers, modelInputShape } = await import("../tfjs/extract");
  const loaded =
    base.kind === "random-init"
      ? await (async () => {
          const a = await readPretrained(base.base);
          return randomInitModel(a.json, base.seed, a.label);
        })()
      : await loadArtifacts(await readPretrained(base));
  try {
    if (loaded.kind !== "layers") {
      throw new Error("a TF.js graph model does not convert to ONNX (only layers models do)");
    }
    const { convertLayersModel } = await import("./convert");
    const converted = convertLayersModel(loaded.model);
    const tensors: Sidecar["tensors"] = {};
    for (const l of converted.layers) tensors[l.name] = { tensor: l.tensor, layout: l.layout };
    const input = modelInputShape(loaded);
    const tfLayers = listLayers(loaded);
    const inputLayer = tfLayers.find((l) => l.index === 0 && l.className === "InputLayer");
    if (inputLayer)
      tensors[inputLayer.name] = { tensor: converted.inputName, layout: input.length === 3 ? "nhwc" : "nc" };
    const sidecar: Sidecar = {
      version: CACHE_VERSION,
      weightsHash: loaded.weightsHash,
      params: loaded.params,
      head: detectHead(loaded),
      inputName: converted.inputName,
      inputShape: converted.inputShape,
      layers: tfLayers.filter((l) => l.name in tensors),
      tensors,
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeAtomic(`${file}.onnx`, converted.onnx);
    writeAtomic(`${file}.json`, JSON.stringify(sidecar));
  } finally {
    loaded.model.dispose();
  }
}

/**
 * Sources already found converted in this thread -> cache key, so that choosing the engine for every
 * embedding shard does not re-hash the weights each time. (Registered models' directories are
 * content-addressed, bundled ones fixed: a source's weights do not change under a running process.)
 */
const converted = new Map<string, string>();

export type ConversionStatus = { ok: true; key: string } | { ok: false; key: string; reason: string };

/**
 * Make sure `base` has a cached conversion; `{ ok: false, reason }` when it does not convert (an
 * unsupported layer, a graph model). Other errors (unreadable files) are thrown.
 */
export async function ensureConverted(base: TfjsModelSource): Promise<ConversionStatus> {
  const memoKey = JSON.stringify(base);
  const known = converted.get(memoKey);
  if (known && fs.existsSync(path.join(onnxCacheDir(), `${known}.onnx`))) return { ok: true, key: known };
  const key = await conversionKey(base);
  const file = path.join(onnxCacheDir(), key);
  if (fs.existsSync(`${file}.json`) && fs.existsSync(`${file}.onnx`)) {
    converted.set(memoKey, key);
    return { ok: true, key };
  }
  if (fs.existsSync(`${file}.unsupported.json`)) {
    const { reason } = JSON.parse(fs.readFileSync(`${file}.unsupported.json`, "utf8")) as { reason: string };
    return { ok: false, key, reason };
  }
  try {
    await convertAndCache(base, file);
    converted.set(memoKey, key);
    return { ok: true, key };
  } catch (e) {
    const { UnsupportedLayerError } = await import("./convert");
    const graph = (e as Error).message.startsWith("a TF.js graph model");
    if (!(e instanceof UnsupportedLayerError) && !graph) throw e;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeAtomic(`${file}.unsupported.json`, JSON.stringify({ reason: (e as Error).message }));
    return { ok: false, key, reason: (e as Error).message };
  }
}

/** The engine plan of a converted TF.js model (converting it first if not cached). */
export async function convertedPlan(base: TfjsModelSource, label: string): Promise<OnnxPlan> {
  const status = await ensureConverted(base);
  if (!status.ok) throw new Error(`${label}: ${status.reason}; the model stays on TF.js`);
  const file = path.join(onnxCacheDir(), status.key);
  const sidecar = JSON.parse(fs.readFileSync(`${file}.json`, "utf8")) as Sidecar;
  const model = decodeModel(new Uint8Array(fs.readFileSync(`${file}.onnx`)), `${file}.onnx`);
  const layout = sidecar.inputShape.length === 3 ? "nhwc" : "nc";
  if (sidecar.inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(
      `${label}: input [${sidecar.inputShape.join(", ")}] has free dimensions; not supported on ONNX`,
    );
  }
  return {
    label,
    model,
    inputName: sidecar.inputName,
    layout,
    inputShape: sidecar.inputShape,
    fixedBatch: null,
    outputs: graphOf(model).output.map((o) => o.name ?? ""),
    layers: sidecar.layers,
    tensors: new Map(Object.entries(sidecar.tensors)),
    weightsHash: sidecar.weightsHash,
    params: sidecar.params,
    head: sidecar.head,
  };
}
