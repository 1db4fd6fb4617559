/**
 * What the ONNX engine needs to know about a model before it runs anything: the decoded graph, its
 * input and layout, the layers it offers (name -> tensor to fetch, layout), weights hash, parameter
 * count and head. `nativePlan` builds it for a `.onnx` file; `converted.ts` for a TF.js model.
 */
import type { ClassificationHead, LayerInfo } from "../engine/types";
import { decodeModel, type ModelProto, summariseGraph } from "./graph";
import { probeLayers } from "./layers";
import { inputLayout, resolveSampleShape, type TensorLayout } from "./layout";

export interface OnnxPlan {
  /** File or model name, for messages. */
  label: string;
  model: ModelProto;
  inputName: string;
  layout: "nchw" | "nhwc" | "nc";
  /** Per-sample shape in the product's convention: [h, w, c] or [d]. */
  inputShape: number[];
  /** Batch size the model pins (then batches run in pieces of that size); null when free. */
  fixedBatch: number | null;
  /** Graph outputs of the model as exported (a session exposing just these is the default one). */
  outputs: string[];
  layers: LayerInfo[];
  tensors: Map<string, { tensor: string; layout: TensorLayout }>;
  weightsHash: string;
  params: number;
  head: ClassificationHead | null;
}

export interface NativePlanOptions {
  layout?: "nchw" | "nhwc";
  inputShape?: readonly number[];
  threads?: number;
}

/** Plan for an ONNX model in memory (layers measured with one dummy batch, see layers.ts). */
export async function nativePlan(
  bytes: Uint8Array | ModelProto,
  label: string,
  opts: NativePlanOptions = {},
): Promise<OnnxPlan> {
  const model = bytes instanceof Uint8Array ? decodeModel(bytes, label) : bytes;
  const summary = summariseGraph(model, label);
  if (summary.inputs.length !== 1) {
    throw new Error(
      `${label}: the model has ${summary.inputs.length} inputs (${summary.inputs.map((i) => i.name).join(", ")}); only one-input models are supported`,
    );
  }
  const input = summary.inputs[0]!;
  const lay = inputLayout(input.dims, opts.layout, `${label}: input ${input.name}`);
  if (lay.fixedBatch !== null && lay.fixedBatch !== 1) {
    throw new Error(
      `${label}: input ${input.name} fixes the batch at ${lay.fixedBatch}; export it with a free batch`,
    );
  }
  const inputShape = resolveSampleShape(lay.sampleShape, opts.inputShape, `${label}: input ${input.name}`);
  const probed = await probeLayers(model, summary, { ...lay, name: input.name }, inputShape, {
    threads: opts.threads,
    label,
  });
  return {
    label,
    model,
    inputName: input.name,
    layout: lay.layout,
    inputShape,
    fixedBatch: lay.fixedBatch,
    outputs: summary.outputs.map((o) => o.name),
    layers: probed.layers,
    tensors: probed.tensors,
    weightsHash: summary.weightsHash,
    params: summary.params,
    head: probed.head,
  };
}
