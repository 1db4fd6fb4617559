/**
 * TF.js wasm backend for the pretraining scripts and their tests. Node 20 runs the wasm backend
 * single-threaded (no SharedArrayBuffer-backed worker pool in Node), which is also what makes
 * training bit-reproducible: every reduction runs in one fixed order.
 * It also registers the training kernels the wasm backend lacks or runs slowly (wasm-train-kernels.ts).
 */
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { getThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { registerWasmTrainingKernels } from "./wasm-train-kernels";

let ready: Promise<void> | null = null;

export function initWasm(): Promise<void> {
  if (!ready) {
    ready = (async () => {
      const dir = path.dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm"));
      setWasmPaths(`${dir}/`);
      const ok = await tf.setBackend("wasm");
      if (!ok) throw new Error("initWasm: tf.setBackend('wasm') failed");
      await tf.ready();
      registerWasmTrainingKernels();
    })();
  }
  return ready;
}

/** Threads the wasm backend uses (1 in Node 20); recorded in meta.json next to the weight hash. */
export function wasmThreads(): number {
  return getThreadsCount();
}

export { tf };
