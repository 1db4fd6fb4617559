/**
 * ONNX Runtime (`onnxruntime-node`): loading it, which execution providers it offers, and opening a
 * session on the best one asked for. CPU is bundled; CUDA appears in `listSupportedBackends()` but
 * needs its libraries, which `onnxruntime-node-install=skip` (.npmrc) leaves out: a CUDA session that
 * fails to open falls back to CPU when the provider was "auto".
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import type * as Ort from "onnxruntime-node";

export type OrtModule = typeof Ort;
export type ProviderPreference = "auto" | "cpu" | "cuda";

let loaded: Promise<OrtModule> | null = null;
/** Why the CUDA provider failed to open a session in this thread (then "auto" stops trying it). */
let cudaFailure: string | null = null;

/** Import onnxruntime-node once per thread. Rejects with a message naming the package when it cannot load. */
export function loadOrt(): Promise<OrtModule> {
  loaded ??= import("onnxruntime-node")
    .then(
      (m) =>
        ((m as unknown as { default?: OrtModule }).default?.InferenceSession ? m.default! : m) as OrtModule,
    )
    .catch((e: Error) => {
      loaded = null;
      throw new Error(`onnxruntime-node could not be loaded: ${e.message}`);
    });
  return loaded;
}

/** Whether ONNX Runtime loads in this process, and why not. */
export async function ortAvailability(): Promise<
  { ok: true; version: string } | { ok: false; reason: string }
> {
  try {
    const ort = await loadOrt();
    return { ok: true, version: ort.env.versions.common ?? "?" };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** Execution providers this build lists (`cpu`, `cuda`, ...), bundled or not. */
export async function listedProviders(): Promise<string[]> {
  const ort = await loadOrt();
  return ort.listSupportedBackends().map((b) => b.name);
}

/**
 * Whether the CUDA provider library sits next to the native binding (the package's install script puts
 * it there on machines with CUDA; with `onnxruntime-node-install=skip` it is absent). Without it a CUDA
 * session cannot open, and trying only logs an error.
 */
function cudaLibraryPresent(): boolean {
  try {
    const pkg = path.dirname(createRequire(import.meta.url).resolve("onnxruntime-node/package.json"));
    const dir = path.join(pkg, "bin", "napi-v6", process.platform, process.arch);
    return fs.readdirSync(dir).some((f) => f.includes("onnxruntime_providers_cuda"));
  } catch {
    return false;
  }
}

export interface OpenedSession {
  session: Ort.InferenceSession;
  /** `cpu-ort` or `cuda-ort`: what results record. */
  backend: string;
}

/**
 * Open `bytes` as an inference session. `threads` = ONNX Runtime intra-op threads (default: one per
 * core); graph optimisations on (they never remove a tensor the graph outputs name), so BatchNorm and
 * activations fuse into the convolutions as TF.js's fast plan does by hand.
 */
export async function openSession(
  bytes: Uint8Array,
  opts: { threads?: number; provider?: ProviderPreference; label?: string } = {},
): Promise<OpenedSession> {
  const ort = await loadOrt();
  const provider = opts.provider ?? "auto";
  const base: Ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: opts.threads ?? availableParallelism(),
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    // Idle pool threads sleep instead of spinning: on a shared machine (or next to image decoding)
    // spinning burns the cores the other work needs. Measured here, 2 threads, MobileNetV2 batch 32:
    // 33 CPU-ms and 70 ms wall per image spinning, 23 CPU-ms and 47 ms not (load average ~10).
    extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
  };
  const label = opts.label ?? "model.onnx";
  const wantCuda =
    provider === "cuda" ||
    (provider === "auto" &&
      cudaFailure === null &&
      ort.listSupportedBackends().some((b) => b.name === "cuda") &&
      cudaLibraryPresent());
  if (wantCuda) {
    try {
      const session = await ort.InferenceSession.create(bytes, { ...base, executionProviders: ["cuda"] });
      return { session, backend: "cuda-ort" };
    } catch (e) {
      if (provider === "cuda")
        throw new Error(`${label}: the CUDA execution provider failed: ${(e as Error).message}`);
      cudaFailure = (e as Error).message; // not tried again in this thread
    }
  }
  try {
    const session = await ort.InferenceSession.create(bytes, { ...base, executionProviders: ["cpu"] });
    return { session, backend: "cpu-ort" };
  } catch (e) {
    throw new Error(`${label}: ONNX Runtime could not open the model: ${(e as Error).message}`);
  }
}
