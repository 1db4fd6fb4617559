/**
 * Open an engine from a plain, serialisable spec. The same spec opens the engine in this thread
 * (`createEngine`) or in each worker thread of a pool (`pool.ts`), and can be stored in a job payload.
 * Engines are imported lazily so that a thread loads only the runtime it uses.
 */
import { z } from "zod";
import { onnxModelSourceSchema } from "../onnx/source";
import { tfjsModelSourceSchema } from "../tfjs/source";
import type { EmbeddingEngine } from "./types";

/** Per-sample input shape: [h, w, c] for images, [d] for vectors. */
const sampleShape = z.array(z.number().int().positive()).min(1).max(3);

export const engineSpecSchema = z.discriminatedUnion("engine", [
  z.object({
    engine: z.literal("tfjs"),
    source: tfjsModelSourceSchema,
    /** Preferred TF.js backend; the fastest available when absent. */
    backend: z.enum(["node", "wasm", "cpu"]).optional(),
    /** Per-sample shape ([h, w, c] or [d]) for models whose input size is free. */
    inputShape: sampleShape.optional(),
  }),
  z.object({
    engine: z.literal("onnx"),
    /** A `.onnx` file, its random-init copy, or a TF.js layers model converted at open (cached). */
    source: onnxModelSourceSchema,
    /** ONNX Runtime intra-op threads; default one per core (the pool sets it from its thread count). */
    threads: z.number().int().min(1).max(64).optional(),
    /** Execution provider: `auto` tries CUDA where this build lists it, then CPU. */
    provider: z.enum(["auto", "cpu", "cuda"]).optional(),
    inputShape: sampleShape.optional(),
  }),
]);

export type EngineSpec = z.infer<typeof engineSpecSchema>;

/** Validate a spec; the error names the first bad field (`spec.source.dir: ...`). */
export function parseEngineSpec(spec: unknown): EngineSpec {
  const r = engineSpecSchema.safeParse(spec);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`spec.${i.path.join(".")}: ${i.message}`);
  }
  return r.data;
}

/**
 * The cheap checks of `spec` that need no runtime: a model directory's model.json, manifest, parameter
 * cap and shard sizes (no weights are read); an ONNX file's presence; a TF.js model's conversion to
 * ONNX (done once and cached on disk, so the worker threads find it ready). The pool runs them before starting threads, so a bad
 * model fails at once with the same message it would give in-process.
 */
export async function preflightEngineSpec(spec: EngineSpec): Promise<EngineSpec> {
  const s = parseEngineSpec(spec);
  if (s.engine === "tfjs") {
    const base = s.source.kind === "random-init" ? s.source.base : s.source;
    if (base.kind === "dir") {
      const { inspectModelDir } = await import("../tfjs/model-dir");
      await inspectModelDir(base.dir, { maxParams: base.maxParams });
    }
  } else {
    const src = s.source;
    if (src.kind === "file" || src.kind === "random-init") {
      const file = src.kind === "file" ? src.path : src.base.path;
      const fs = await import("node:fs");
      if (!fs.existsSync(file)) throw new Error(`${file}: no such ONNX file`);
    } else {
      // A conversion that cannot happen fails here, once, rather than in every worker thread.
      const { ensureConverted } = await import("../onnx/converted");
      const status = await ensureConverted(src.base);
      if (!status.ok) throw new Error(`${status.reason}; the model stays on TF.js`);
    }
  }
  return s;
}

/** Open the engine described by `spec` in the calling thread. */
export async function createEngine(spec: EngineSpec): Promise<EmbeddingEngine> {
  const s = parseEngineSpec(spec);
  switch (s.engine) {
    case "tfjs": {
      const { openTfjsEngine } = await import("../tfjs/engine");
      return openTfjsEngine(s.source, { backend: s.backend, inputShape: s.inputShape });
    }
    case "onnx": {
      const { openOnnxEngine } = await import("../onnx/open");
      return openOnnxEngine(s.source, { threads: s.threads, provider: s.provider, inputShape: s.inputShape });
    }
  }
}
