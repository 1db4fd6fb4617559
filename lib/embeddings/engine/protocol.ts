/** Messages between the pool (main thread) and its embedding workers. Plain data only. */
import type { EngineSpec } from "./create";
import type { ClassificationHead, LayerInfo, Pooling } from "./types";

export interface WorkerInit {
  spec: EngineSpec;
}

/** What a worker reports once its engine is open. */
export interface EngineSummary {
  name: "tfjs" | "onnx";
  backend: string;
  inputShape: number[];
  weightsHash: string;
  params: number;
  head: ClassificationHead | null;
  layers: LayerInfo[];
}

export type ToWorker =
  | { type: "extract"; id: number; batch: Float32Array; n: number; layers: string[]; pooling: Pooling }
  | { type: "dispose" };

export type FromWorker =
  | { type: "ready"; summary: EngineSummary }
  /** The engine could not be opened (bad model, ...): the same error would happen in-process. */
  | { type: "open-error"; message: string }
  | { type: "result"; id: number; outputs: { name: string; dim: number; data: Float32Array }[] }
  | { type: "error"; id: number; message: string }
  | { type: "disposed" };
