/**
 * Open an engine from a plain, serialisable spec. The same spec opens the engine in this thread
 * (`createEngine`) or in each worker thread of a pool (`pool.ts`), and can be stored in a job payload.
 * Engines are imported lazily so that a thread loads only the runtime it uses.
 */
import { z } from "zod";
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
 * cap and shard sizes (no weights are read). The pool runs them before starting threads, so a bad
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
  }
}
