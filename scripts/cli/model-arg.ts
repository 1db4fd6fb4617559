import fs from "node:fs";
import path from "node:path";
import type { EngineSpec } from "@/lib/embeddings/engine/create";
import type { Preprocessing } from "@/lib/embeddings/input";
import { bundledModelDirs } from "@/lib/embeddings/registry";

export interface ResolvedModel {
  spec: EngineSpec;
  label: string;
  /** Image preprocessing when known (bundled models and directories with meta.json). */
  preprocessing: Preprocessing | null;
}

/**
 * `--model` for commands that need no database: `mobilenet_v2`, a bundled model's slug, or a
 * directory holding model.json (with an optional meta.json giving its preprocessing).
 */
export async function resolveModelArg(arg: string): Promise<ResolvedModel> {
  if (arg === "mobilenet_v2") {
    const { MOBILENET_V2 } = await import("@/lib/embeddings/tfjs/mobilenet");
    return {
      spec: { engine: "tfjs", source: { kind: "mobilenet_v2" } },
      label: MOBILENET_V2.displayName,
      preprocessing: MOBILENET_V2.preprocessing,
    };
  }
  if (arg.toLowerCase().endsWith(".onnx")) return resolveOnnxFile(arg);
  const bundled = bundledModelDirs().find((b) => b.slug === arg);
  const dir = bundled?.dir ?? (fs.existsSync(path.join(arg, "model.json")) ? path.resolve(arg) : null);
  if (!dir) {
    const names = ["mobilenet_v2", ...bundledModelDirs().map((b) => b.slug)].join(", ");
    throw new Error(
      `--model ${arg}: not a bundled model (${names}), a directory with model.json, nor a .onnx file`,
    );
  }
  const metaPath = path.join(dir, "meta.json");
  const meta = fs.existsSync(metaPath)
    ? (JSON.parse(fs.readFileSync(metaPath, "utf8")) as {
        name?: string;
        preprocessing?: Preprocessing & { kind?: string };
      })
    : null;
  const pre =
    meta?.preprocessing && (meta.preprocessing.kind ?? "image") === "image" ? meta.preprocessing : null;
  return {
    spec: { engine: "tfjs", source: { kind: "dir", dir } },
    label: meta?.name ?? dir,
    preprocessing: pre,
  };
}

/**
 * A `.onnx` file: preprocessing from `<name>.meta.json` or `meta.json` beside it when present, else the
 * input's size and channels with values in [0, 1] (said on stderr, since PyTorch models often want
 * ImageNet mean/std).
 */
async function resolveOnnxFile(arg: string): Promise<ResolvedModel> {
  if (!fs.existsSync(arg)) throw new Error(`--model ${arg}: no such file`);
  const file = path.resolve(arg);
  const { decodeModel, summariseGraph } = await import("@/lib/embeddings/onnx/graph");
  const { inputLayout } = await import("@/lib/embeddings/onnx/layout");
  const summary = summariseGraph(decodeModel(new Uint8Array(fs.readFileSync(file)), file), file);
  const metaFile = [file.replace(/\.onnx$/i, ".meta.json"), path.join(path.dirname(file), "meta.json")].find(
    (f) => fs.existsSync(f),
  );
  const meta = metaFile
    ? (JSON.parse(fs.readFileSync(metaFile, "utf8")) as {
        name?: string;
        layout?: "nchw" | "nhwc";
        preprocessing?: Partial<Preprocessing>;
      })
    : null;
  const input = summary.inputs[0];
  if (!input || summary.inputs.length !== 1)
    throw new Error(`--model ${arg}: only one-input ONNX models are supported`);
  const lay = inputLayout(input.dims, meta?.layout, `${arg}: input ${input.name}`);
  const [height, width, channels] = lay.sampleShape;
  let preprocessing: Preprocessing | null = null;
  if (lay.layout !== "nc" && height && width && (channels === 1 || channels === 3)) {
    preprocessing = {
      height,
      width,
      channels,
      range: [0, 1],
      resize: "bilinear",
      channelOrder: "RGB",
      ...(meta?.preprocessing ?? {}),
    };
    if (!meta?.preprocessing)
      console.error(`${arg}: no meta.json with preprocessing; assuming values in [0, 1], RGB, no mean/std`);
  }
  return {
    spec: {
      engine: "onnx",
      source: { kind: "file", path: file, ...(meta?.layout ? { layout: meta.layout } : {}) },
    },
    label: meta?.name ?? path.basename(file),
    preprocessing,
  };
}

/** `--engine auto|tfjs|onnx` applied to a resolved model; the reason goes to stderr. */
export async function withEngine(
  model: ResolvedModel,
  engineArg: string | undefined,
): Promise<ResolvedModel> {
  const { chooseEngine, parseEnginePreference } = await import("@/lib/embeddings/choice");
  const choice = await chooseEngine(model.spec, parseEnginePreference(engineArg));
  console.error(`engine: ${choice.spec.engine} (${choice.reason})`);
  return { ...model, spec: choice.spec };
}
