/**
 * Reading and editing an ONNX model with `onnx-proto` (the ONNX protobuf schema for protobufjs):
 * the input, the node outputs that can be exposed, weights (count, hash, per node), and a copy of the
 * model whose graph outputs include chosen intermediate tensors, so ONNX Runtime returns them too.
 * Pure functions on bytes; no runtime here.
 */
import { createHash } from "node:crypto";
import * as onnxModule from "onnx-proto";

// onnx-proto is CommonJS: under Node's ESM loader its namespace sits on `default`, under bundlers on top.
const { onnx } = (onnxModule as unknown as { default?: typeof onnxModule }).default ?? onnxModule;
export type ModelProto = onnxModule.onnx.ModelProto;
type GraphProto = onnxModule.onnx.GraphProto;
type TensorProto = onnxModule.onnx.TensorProto;

/**
 * The decoded graph. protobufjs types sub-messages as their optional-field interfaces, but a decoded
 * message always has its repeated fields as arrays: this is where that is asserted, once.
 */
export function graphOf(m: ModelProto): GraphProto {
  if (!m.graph) throw new Error("the ONNX model has no graph");
  return m.graph as GraphProto;
}

/** TensorProto.DataType codes that hold learned real values. */
const FLOAT_TYPES = new Set([1 /* FLOAT */, 10 /* FLOAT16 */, 11 /* DOUBLE */, 16 /* BFLOAT16 */]);
const EXTERNAL = 1; // TensorProto.DataLocation.EXTERNAL

/** A graph input or output: name and dimensions (null where symbolic or unknown). */
export interface ValueShape {
  name: string;
  dims: (number | null)[];
}

/** One node output that can be exposed, in graph (topological) order. */
export interface GraphTensor {
  /** Tensor name (what ONNX Runtime fetches). */
  name: string;
  /** Operator that produces it (`Conv`, `Relu`, ...). */
  opType: string;
  /** Weight values of the initializers the producing node reads (counted at their first reader). */
  params: number;
}

export interface GraphSummary {
  inputs: ValueShape[];
  outputs: ValueShape[];
  tensors: GraphTensor[];
  /** Total weight values (floating-point initializers). */
  params: number;
  /** sha256 (hex) over the initializers' types, dims and bytes in graph order, not their names. */
  weightsHash: string;
  /** Graph outputs produced by a Softmax node (candidates for the classification head). */
  softmaxOutputs: string[];
}

const num = (v: unknown): number => Number(v ?? 0);

export function decodeModel(bytes: Uint8Array, label = "model.onnx"): ModelProto {
  let m: ModelProto;
  try {
    m = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new Error(`${label}: not an ONNX model (${(e as Error).message})`);
  }
  if (!m.graph || (m.graph.node ?? []).length === 0)
    throw new Error(`${label}: the ONNX model has no graph nodes`);
  return m;
}

export function encodeModel(m: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(m).finish();
}

function valueShape(v: { name?: string | null; type?: unknown }): ValueShape {
  const t = v.type as { tensorType?: { shape?: { dim?: { dimValue?: unknown; dimParam?: string }[] } } };
  const dims = (t?.tensorType?.shape?.dim ?? []).map((d) =>
    d.dimValue !== undefined && d.dimValue !== null && num(d.dimValue) > 0 ? num(d.dimValue) : null,
  );
  return { name: v.name ?? "", dims };
}

function elementCount(dims: readonly unknown[]): number {
  return dims.reduce<number>((a, d) => a * num(d), 1);
}

/** An initializer's values as bytes, whichever field the exporter used. */
function initializerBytes(t: TensorProto): Uint8Array {
  if (t.rawData && t.rawData.length > 0) return t.rawData;
  if (t.floatData.length) return new Uint8Array(Float32Array.from(t.floatData).buffer);
  if (t.doubleData.length) return new Uint8Array(Float64Array.from(t.doubleData).buffer);
  if (t.int32Data.length) return new Uint8Array(Int32Array.from(t.int32Data).buffer);
  if (t.int64Data.length)
    return new Uint8Array(BigInt64Array.from(t.int64Data.map((v) => BigInt(String(v)))).buffer);
  return new Uint8Array(0);
}

/** What `decodeModel` returned, summarised. Throws on external weights (not in the file). */
export function summariseGraph(m: ModelProto, label = "model.onnx"): GraphSummary {
  const g = graphOf(m);
  const initializers = g.initializer as TensorProto[];
  const inits = new Map(initializers.map((t) => [t.name ?? "", t]));
  const hash = createHash("sha256");
  let params = 0;
  for (const t of initializers) {
    if (num(t.dataLocation) === EXTERNAL) {
      throw new Error(
        `${label}: initializer ${t.name} is stored in an external file; export the model with its weights inside`,
      );
    }
    if (FLOAT_TYPES.has(num(t.dataType))) params += elementCount(t.dims);
    hash.update(`${num(t.dataType)}:${t.dims.map(num).join("x")};`);
    hash.update(initializerBytes(t));
  }
  const counted = new Set<string>();
  const tensors: GraphTensor[] = [];
  const producer = new Map<string, string>();
  for (const node of g.node as onnxModule.onnx.NodeProto[]) {
    let nodeParams = 0;
    for (const name of node.input) {
      const t = inits.get(name);
      if (t && !counted.has(name) && FLOAT_TYPES.has(num(t.dataType))) {
        counted.add(name);
        nodeParams += elementCount(t.dims);
      }
    }
    const op = node.opType ?? "";
    for (const [k, out] of node.output.entries()) {
      if (!out) continue;
      producer.set(out, op);
      // Constant nodes hold no data-dependent values; only the first output carries the node's weights.
      if (op !== "Constant") tensors.push({ name: out, opType: op, params: k === 0 ? nodeParams : 0 });
    }
  }
  const inputs = g.input.filter((v) => !inits.has(v.name ?? "")).map(valueShape);
  const outputs = g.output.map(valueShape);
  return {
    inputs,
    outputs,
    tensors,
    params,
    weightsHash: hash.digest("hex"),
    softmaxOutputs: outputs.filter((o) => producer.get(o.name) === "Softmax").map((o) => o.name),
  };
}

/**
 * A copy of `m` whose graph outputs are exactly `names` (node outputs or original outputs), so that a
 * session built from it computes and returns those tensors. Their types are left for the runtime to
 * infer (ONNX Runtime accepts an output ValueInfo with a name only).
 */
export function withOutputs(m: ModelProto, names: readonly string[]): Uint8Array {
  const copy = onnx.ModelProto.decode(encodeModel(m));
  const g = graphOf(copy);
  const original = new Map(g.output.map((o) => [o.name ?? "", o]));
  g.output = names.map((n) => original.get(n) ?? onnx.ValueInfoProto.create({ name: n }));
  return encodeModel(copy);
}

/** Names of every float initializer with the nodes (op type, input position) that read it. */
export function initializerReaders(m: ModelProto): Map<string, { opType: string; position: number }[]> {
  const out = new Map<string, { opType: string; position: number }[]>();
  const g = graphOf(m);
  const names = new Set(g.initializer.map((t) => t.name ?? ""));
  for (const node of g.node as onnxModule.onnx.NodeProto[]) {
    node.input.forEach((name, position) => {
      if (!names.has(name)) return;
      const list = out.get(name) ?? [];
      list.push({ opType: node.opType ?? "", position });
      out.set(name, list);
    });
  }
  return out;
}
