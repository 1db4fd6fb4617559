/**
 * The layers of a native ONNX model: every node output that carries one float32 value set per
 * sample, with its shape. ONNX files seldom record intermediate shapes (PyTorch writes no value_info
 * by default), so the shapes are measured: one session exposes every candidate tensor, a dummy batch
 * of zeros goes through once, and the tensors whose first dimension is the batch size are kept (shape
 * computations, int64 indices and constants drop out). The session is released afterwards.
 */
import type { ClassificationHead, LayerInfo } from "../engine/types";
import { type GraphSummary, type ModelProto, withOutputs } from "./graph";
import type { InputLayout, TensorLayout } from "./layout";
import { loadOrt, openSession } from "./runtime";

export interface ProbedLayers {
  layers: LayerInfo[];
  /** Layer name -> tensor to fetch and its layout. */
  tensors: Map<string, { tensor: string; layout: TensorLayout }>;
  head: ClassificationHead | null;
}

export async function probeLayers(
  model: ModelProto,
  summary: GraphSummary,
  input: InputLayout & { name: string },
  sampleShape: readonly number[],
  opts: { threads?: number; label?: string } = {},
): Promise<ProbedLayers> {
  const ort = await loadOrt();
  // Two samples tell the batch axis apart from a coincidental leading 1; a pinned batch is what it is.
  const n = input.fixedBatch ?? 2;
  const modelDims =
    input.layout === "nchw" ? [n, sampleShape[2]!, sampleShape[0]!, sampleShape[1]!] : [n, ...sampleShape];
  const size = modelDims.reduce((a, b) => a * b, 1);
  const names = summary.tensors.map((t) => t.name);
  const { session } = await openSession(withOutputs(model, names), {
    threads: opts.threads,
    label: opts.label,
  });
  let res: Record<string, { dims: readonly number[]; type: string }>;
  try {
    res = await session.run({ [input.name]: new ort.Tensor("float32", new Float32Array(size), modelDims) });
  } catch (e) {
    throw new Error(`${opts.label ?? "model.onnx"}: a dummy batch of zeros failed: ${(e as Error).message}`);
  } finally {
    await session.release();
  }
  const layers: LayerInfo[] = [
    { index: 0, name: input.name, className: "Input", outputShape: [null, ...sampleShape], params: 0 },
  ];
  const tensors = new Map<string, { tensor: string; layout: TensorLayout }>([
    [input.name, { tensor: input.name, layout: input.layout }],
  ]);
  for (const t of summary.tensors) {
    const out = res[t.name];
    if (out?.type !== "float32" || out.dims[0] !== n || tensors.has(t.name)) continue;
    const dims = out.dims;
    // Intermediate maps follow the input's layout (ONNX exporters keep one layout throughout).
    const layout: TensorLayout =
      dims.length === 4 ? (input.layout === "nhwc" ? "nhwc" : "nchw") : dims.length === 2 ? "nc" : "other";
    layers.push({
      index: layers.length,
      name: t.name,
      className: t.opType,
      outputShape: [null, ...dims.slice(1)],
      params: t.params,
    });
    tensors.set(t.name, { tensor: t.name, layout });
  }
  const headName = summary.softmaxOutputs.find((s) => res[s]?.dims.length === 2);
  const head = headName ? { layer: headName, classes: res[headName]!.dims[1] ?? null } : null;
  return { layers, tensors, head };
}
