/**
 * TF.js set up for training: the backend chosen by lib/embeddings/tfjs/backend.ts, plus, on wasm, the
 * training kernels TF.js 4.22's wasm backend lacks (Conv2DBackpropFilter) or runs slowly
 * (scripts/pretrain/wasm-train-kernels.ts, each checked against the cpu backend there).
 */
import { type BackendPreference, initTf, type TfRuntime } from "@/lib/embeddings/tfjs/backend";
import { registerWasmTrainingKernels } from "@/scripts/pretrain/wasm-train-kernels";

export async function initTraining(prefer?: BackendPreference): Promise<TfRuntime> {
  const rt = await initTf(prefer);
  if (rt.backend === "wasm") registerWasmTrainingKernels();
  return rt;
}
