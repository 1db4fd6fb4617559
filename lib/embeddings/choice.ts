/**
 * Which engine runs a model. `auto` takes the fastest that supports it: ONNX Runtime when it loads and
 * the model is ONNX or converts to ONNX (measured here on MobileNetV2: ~10x TF.js on wasm), TF.js when
 * `@tensorflow/tfjs-node` is installed (native TensorFlow, the first choice for TF.js models where it
 * installs) or when ONNX Runtime or the conversion is not available. `tfjs` / `onnx` force one and
 * fail with the reason when it cannot run the model. Every choice comes with a sentence saying why,
 * which callers log and record.
 */
import { createRequire } from "node:module";
import type { EngineSpec } from "./engine/create";

/** Like ../tfjs/backend.ts hasNodeBackend(), without importing TF.js (seconds on a busy machine). */
function tfjsNodeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve("@tensorflow/tfjs-node");
    return true;
  } catch {
    return false;
  }
}

export const ENGINE_PREFERENCES = ["auto", "tfjs", "onnx"] as const;
export type EnginePreference = (typeof ENGINE_PREFERENCES)[number];

export interface EngineChoice {
  spec: EngineSpec;
  reason: string;
}

export function parseEnginePreference(v: string | undefined, what = "--engine"): EnginePreference {
  if (v === undefined) return "auto";
  if (!(ENGINE_PREFERENCES as readonly string[]).includes(v)) {
    throw new Error(`${what} must be ${ENGINE_PREFERENCES.join(", ")}; got ${v}`);
  }
  return v as EnginePreference;
}

/**
 * The engine for `spec` (a TF.js spec, or an ONNX one for native ONNX models) under `preference`.
 * A TF.js model is converted to ONNX here when asked or chosen (once: cached on disk by weights hash).
 */
export async function chooseEngine(spec: EngineSpec, preference: EnginePreference): Promise<EngineChoice> {
  if (spec.engine === "onnx") {
    if (preference === "tfjs")
      throw new Error("an ONNX model runs on ONNX Runtime only; use engine auto or onnx");
    return { spec, reason: "an ONNX model: ONNX Runtime" };
  }
  if (preference === "tfjs") return { spec, reason: "TF.js, as asked" };

  const { ortAvailability } = await import("./onnx/runtime");
  const ort = await ortAvailability();
  if (preference === "auto") {
    if (tfjsNodeInstalled() && spec.backend !== "wasm" && spec.backend !== "cpu") {
      return { spec, reason: "TF.js on native TensorFlow (@tensorflow/tfjs-node is installed)" };
    }
    if (!ort.ok) return { spec, reason: `TF.js: ${ort.reason}` };
  } else if (!ort.ok) {
    throw new Error(`engine onnx: ${ort.reason}`);
  }
  const { ensureConverted } = await import("./onnx/converted");
  const status = await ensureConverted(spec.source);
  if (!status.ok) {
    if (preference === "onnx") throw new Error(`engine onnx: ${status.reason}`);
    return { spec, reason: `TF.js: the model does not convert to ONNX (${status.reason})` };
  }
  const onnx: EngineSpec = {
    engine: "onnx",
    source: { kind: "tfjs-converted", base: spec.source },
    ...(spec.inputShape ? { inputShape: spec.inputShape } : {}),
  };
  const version = ort.ok ? ort.version : "?";
  return {
    spec: onnx,
    reason:
      preference === "onnx"
        ? `ONNX Runtime ${version} on the converted model, as asked`
        : `ONNX Runtime ${version} on the converted model (faster than TF.js on wasm)`,
  };
}
