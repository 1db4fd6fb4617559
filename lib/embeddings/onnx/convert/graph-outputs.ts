/**
 * Expose intermediate tensors of a converted model as graph outputs, so one onnxruntime run returns
 * every requested layer (onnxruntime only returns graph outputs). Used by the tests; the engine may
 * use it too.
 */

import { floatValueInfo } from "./graph-builder";
import { onnx } from "./proto";

/** A copy of the serialised model with `tensors` appended to graph.output (existing ones kept once). */
export function withGraphOutputs(model: Uint8Array, tensors: readonly string[]): Uint8Array {
  const proto = onnx.ModelProto.decode(model);
  const graph = proto.graph;
  if (!graph) throw new Error("withGraphOutputs: the model has no graph");
  graph.output ??= [];
  const present = new Set(graph.output.map((o) => o.name));
  const produced = new Set((graph.node ?? []).flatMap((n) => n.output ?? []));
  for (const t of tensors) {
    if (!produced.has(t)) throw new Error(`withGraphOutputs: no node of the graph produces tensor "${t}"`);
    if (present.has(t)) continue;
    graph.output.push(onnx.ValueInfoProto.create(floatValueInfo({ name: t, shape: null })));
    present.add(t);
  }
  return onnx.ModelProto.encode(proto).finish();
}
