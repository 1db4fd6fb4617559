/**
 * TensorFlow.js for heavy numeric kernels (large matmuls in the shift metrics), on the fastest
 * backend available: tfjs-node (native libtensorflow; an optional dependency that does not install
 * on this machine), else WebAssembly with SIMD (the .wasm files ship inside
 * @tensorflow/tfjs-backend-wasm), else the pure-JS cpu backend (about 25x slower than wasm).
 *
 * `getTf()` initialises once and returns the same module afterwards. The active backend is
 * process-global in TF.js: whoever calls tf.setBackend later changes it for everyone, so other modules
 * should choose theirs the same way (or call getTf). If the wasm backend was already initialised
 * elsewhere, its wasm paths are kept.
 */
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

export type Tf = typeof tf;
export type TfBackendName = "tensorflow" | "wasm" | "cpu";

let ready: Promise<Tf> | null = null;
let backend: TfBackendName | null = null;

async function tryBackend(name: TfBackendName): Promise<boolean> {
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function init(): Promise<Tf> {
  const require = createRequire(import.meta.url);
  try {
    // Registers the "tensorflow" backend on the shared tfjs-core when the native binding exists.
    require("@tensorflow/tfjs-node");
    if (await tryBackend("tensorflow")) {
      backend = "tensorflow";
      return tf;
    }
  } catch {
    // Not installed (the normal case here): fall through to wasm.
  }
  try {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    if (tf.findBackend("wasm") === null) {
      try {
        wasm.setWasmPaths(`${path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm"))}/`);
      } catch {
        // Another module initialised wasm with its own paths already; keep them.
      }
    }
    if (await tryBackend("wasm")) {
      backend = "wasm";
      return tf;
    }
  } catch {
    // Fall through to cpu.
  }
  if (await tryBackend("cpu")) {
    backend = "cpu";
    return tf;
  }
  throw new Error("getTf: no TensorFlow.js backend could be initialised (tried tensorflow, wasm, cpu)");
}

/** The TF.js module with its best backend active; memoised. */
export function getTf(): Promise<Tf> {
  if (ready === null) {
    ready = init().catch((err: unknown) => {
      ready = null;
      throw err;
    });
  }
  return ready;
}

/** Name of the backend chosen by `getTf()`, or null before it resolved. */
export function tfBackendName(): TfBackendName | null {
  return backend;
}
