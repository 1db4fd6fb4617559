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
  const bundled = bundledModelDirs().find((b) => b.slug === arg);
  const dir = bundled?.dir ?? (fs.existsSync(path.join(arg, "model.json")) ? path.resolve(arg) : null);
  if (!dir) {
    const names = ["mobilenet_v2", ...bundledModelDirs().map((b) => b.slug)].join(", ");
    throw new Error(`--model ${arg}: not a bundled model (${names}) nor a directory with model.json`);
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
