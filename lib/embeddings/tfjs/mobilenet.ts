/**
 * The bundled pretrained image model: Keras MobileNetV2 1.0/224 as shipped inside `nsfwjs@4.4.0` (MIT).
 *
 * nsfwjs stores its models as browserify bundles (`dist/models/mobilenet_v2/model.min.js` exporting the
 * model.json object, `group1-shard1of1.min.js` exporting the shard as one base64 string). The package's
 * `exports` map blocks subpath imports, so the package directory is found by walking up from the file
 * `require.resolve('nsfwjs')` returns, and the two files are evaluated in an empty `vm` context (no
 * `require`, no `process`) that only captures `module.exports`. Decoding with `Buffer.from(b64,
 * 'base64')` and loading through `tf.io.fromMemory` takes a fraction of a second; nsfwjs's own loader
 * takes several seconds.
 *
 * Weights are uint8-quantized in the package (2.6 MB for 2,619,461 values); TF.js dequantizes them
 * to float32 on load. MobileNetV2: Sandler et al., "MobileNetV2: Inverted Residuals and Linear
 * Bottlenecks", CVPR 2018.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import type { ModelProvenance, SuggestedLayer } from "../engine/types";
import type { Preprocessing } from "../input/preprocessing";
import { artifactsFromMemory, type LoadedModel, loadArtifacts, type ModelArtifacts } from "./load";

const require = createRequire(import.meta.url);

export const NSFWJS_VERSION = "4.4.0";

/** Metadata of the bundled model, for the model picker, the cache key and reports. */
export const MOBILENET_V2 = {
  id: "mobilenet_v2-nsfwjs-4.4.0",
  displayName: "MobileNetV2 1.0/224 (ImageNet backbone, nsfwjs 4.4.0)",
  inputShape: [224, 224, 3] as [number, number, number],
  /** nsfwjs divides 8-bit pixels by 255 and resizes bilinearly (with alignCorners = true). */
  preprocessing: {
    height: 224,
    width: 224,
    channels: 3,
    range: [0, 1],
    mean: null,
    std: null,
    resize: "bilinear",
    channelOrder: "RGB",
  } satisfies Preprocessing as Preprocessing,
  provenance: {
    text:
      "Weights come from the npm package nsfwjs 4.4.0 (MIT licence): a Keras MobileNetV2 1.0/224 whose " +
      "backbone was pretrained on ImageNet and whose top layers were then fine-tuned for content " +
      "moderation (5 classes: drawing, hentai, neutral, porn, sexy). Features from the backbone are " +
      "ImageNet features, partly adapted by that fine-tuning; the head's classes are not ImageNet's.",
    package: `nsfwjs@${NSFWJS_VERSION}`,
    license: "MIT",
    sourceDataset: "imagenet",
    fineTunedFor: "content moderation (nsfwjs)",
    // nsfwjs `NSFW_CLASSES`: 0 Drawing, 1 Hentai, 2 Neutral, 3 Porn, 4 Sexy.
    headLabels: ["drawing", "hentai", "neutral", "porn", "sexy"],
  } satisfies ModelProvenance as ModelProvenance,
  layers: [
    { name: "block_6_expand_relu", role: "mid", dim: 192 },
    { name: "out_relu", role: "penultimate", dim: 1280 },
    { name: "average_pooling2d_1", role: "penultimate", dim: 1280 },
    { name: "flatten_1", role: "penultimate", dim: 1280 },
    { name: "dense_3", role: "head", dim: 5 },
  ] satisfies SuggestedLayer[] as SuggestedLayer[],
  /** The 1280-d global feature most audits use. */
  defaultLayer: "flatten_1",
} as const;

/**
 * The nsfwjs package directory. `require.resolve('nsfwjs')` returns `<dir>/dist/cjs/index.js` (the
 * exports map allows the root entry), and we walk up to the directory whose package.json names nsfwjs.
 */
export function nsfwjsDir(): string {
  let entry: string;
  try {
    entry = require.resolve("nsfwjs");
  } catch {
    throw new Error("nsfwjs is not installed: the bundled MobileNetV2 weights ship inside nsfwjs@4.4.0");
  }
  let dir = path.dirname(entry);
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      const j = JSON.parse(readFileSync(pkg, "utf8")) as { name?: string; version?: string };
      if (j.name === "nsfwjs") {
        if (j.version !== NSFWJS_VERSION) {
          throw new Error(`nsfwjs ${j.version} is installed, the bundled model expects ${NSFWJS_VERSION}`);
        }
        return dir;
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`nsfwjs: no package.json above ${entry}`);
    dir = up;
  }
}

/**
 * Evaluate a browserify UMD bundle in an empty context and return what it assigns to module.exports,
 * as JSON data of this realm (objects made in the vm context fail `instanceof Array` checks in TF.js).
 */
function evalBundle(file: string): unknown {
  const code = readFileSync(file, "utf8");
  const sandbox: { module: { exports: unknown }; exports: unknown; out?: string } = {
    module: { exports: {} },
    exports: {},
  };
  sandbox.exports = sandbox.module.exports;
  vm.runInNewContext(`${code}\n;out = JSON.stringify(module.exports);`, sandbox, {
    filename: file,
    timeout: 10_000,
  });
  if (typeof sandbox.out !== "string") throw new Error(`${file}: the bundle exported nothing`);
  return JSON.parse(sandbox.out);
}

/** Models shipped inside nsfwjs 4.4.0 (`dist/models/<name>/`). */
export type NsfwjsModelName = "mobilenet_v2" | "mobilenet_v2_mid" | "inception_v3";

/**
 * The model.json object and the decoded shards (keyed by manifest path) of one nsfwjs model. Each
 * manifest path `p` is stored as `p.min.js` holding the base64 of the shard.
 */
export function readNsfwjsModel(name: NsfwjsModelName): { json: unknown; shards: Map<string, Buffer> } {
  const dir = path.join(nsfwjsDir(), "dist", "models", name);
  const json = evalBundle(path.join(dir, "model.min.js"));
  const manifest = (json as { weightsManifest?: { paths?: unknown }[] }).weightsManifest;
  const paths = (manifest ?? []).flatMap((g) => (Array.isArray(g.paths) ? (g.paths as unknown[]) : []));
  const shards = new Map<string, Buffer>();
  for (const p of paths) {
    if (typeof p !== "string" || !/^[\w.-]+$/.test(p))
      throw new Error(`nsfwjs ${name}: unexpected shard path ${String(p)}`);
    const b64 = evalBundle(path.join(dir, `${p}.min.js`));
    if (typeof b64 !== "string") throw new Error(`nsfwjs ${name} ${p}.min.js: expected a base64 string`);
    shards.set(p, Buffer.from(b64, "base64"));
  }
  return { json, shards };
}

/** Read and validate the bundled MobileNetV2 (model.json object + decoded shard). */
export function readMobileNetV2Artifacts(): ModelArtifacts {
  const { json, shards } = readNsfwjsModel("mobilenet_v2");
  return artifactsFromMemory(json, shards, "nsfwjs mobilenet_v2 model.json");
}

/** Load the bundled MobileNetV2 into TF.js (on the current backend). */
export async function loadMobileNetV2(): Promise<LoadedModel> {
  return loadArtifacts(readMobileNetV2Artifacts());
}
