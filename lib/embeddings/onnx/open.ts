/** `openOnnxEngine(source, opts)`: from a serialisable source (source.ts) to a running `OnnxEngine`. */
import fs from "node:fs";
import { OnnxEngine, type OnnxEngineOptions } from "./engine";
import type { OnnxPlan } from "./plan";
import { type OnnxFileSource, type OnnxModelSource, onnxModelSourceSchema } from "./source";

/** Largest `.onnx` accepted: protobuf's own limit for one message. */
const MAX_BYTES = 2 ** 31 - 1;

export function readOnnxFile(source: OnnxFileSource): Uint8Array {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(source.path);
  } catch {
    throw new Error(`${source.path}: no such ONNX file`);
  }
  if (!stat.isFile()) throw new Error(`${source.path}: not a file`);
  if (stat.size > MAX_BYTES)
    throw new Error(`${source.path}: ${stat.size} bytes, above the 2 GB protobuf limit`);
  return new Uint8Array(fs.readFileSync(source.path));
}

async function planFor(source: OnnxModelSource, opts: OnnxEngineOptions): Promise<OnnxPlan> {
  const native = {
    layout: undefined as "nchw" | "nhwc" | undefined,
    inputShape: opts.inputShape,
    threads: opts.threads,
  };
  switch (source.kind) {
    case "file": {
      const { nativePlan } = await import("./plan");
      return nativePlan(readOnnxFile(source), source.path, { ...native, layout: source.layout });
    }
    case "random-init": {
      const { nativePlan } = await import("./plan");
      const { randomInitOnnx } = await import("./random-init");
      const model = randomInitOnnx(readOnnxFile(source.base), source.seed, source.base.path);
      return nativePlan(model, `${source.base.path} (random-init, seed ${source.seed})`, {
        ...native,
        layout: source.base.layout,
      });
    }
    case "tfjs-converted": {
      const { convertedPlan } = await import("./converted");
      const b = source.base;
      const inner = b.kind === "random-init" ? b.base : b;
      const name = inner.kind === "mobilenet_v2" ? "mobilenet_v2" : inner.dir;
      const label =
        b.kind === "random-init" ? `${name} (random-init, seed ${b.seed}, converted)` : `${name} (converted)`;
      return convertedPlan(b, label);
    }
  }
}

/** Open `source` in this thread. The engine owns its sessions: call `dispose()` when done. */
export async function openOnnxEngine(
  source: OnnxModelSource,
  opts: OnnxEngineOptions = {},
): Promise<OnnxEngine> {
  const parsed = onnxModelSourceSchema.safeParse(source);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`source.${i?.path.join(".") ?? ""}: ${i?.message ?? "invalid"}`);
  }
  return OnnxEngine.open(await planFor(parsed.data, opts), opts);
}
