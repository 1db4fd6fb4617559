/**
 * Accumulates ONNX nodes and initializers under unique tensor names, then serialises them as a
 * ModelProto with `onnx-proto` (protobufjs generated code; no hand-written protobuf encoding).
 *
 * Opset 13 (IR version 7 or later): the oldest opset where Clip, Pad, Reshape, Squeeze take their
 * limits/pads/axes as tensor inputs and Softmax works on one axis like Keras; onnxruntime 1.30
 * implements it fully.
 */
import type { onnx as OnnxTypes } from "onnx-proto";
import { onnx } from "./proto";

export const OPSET = 13;
/** IR version 8 pairs with opsets 13-17 (onnx/docs/Versioning.md). */
const IR_VERSION = 8;

/** One graph input or output: float32 with a shape whose dimensions are numbers or symbolic names. */
export interface GraphIo {
  name: string;
  shape: (number | string)[] | null;
}

/** Attribute constructors: ONNX distinguishes ints from floats, so the caller says which it means. */
export const attr = {
  int: (name: string, i: number): OnnxTypes.IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.INT,
    i,
  }),
  ints: (name: string, ints: number[]): OnnxTypes.IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.INTS,
    ints,
  }),
  float: (name: string, f: number): OnnxTypes.IAttributeProto => ({
    name,
    type: onnx.AttributeProto.AttributeType.FLOAT,
    f,
  }),
};

/** A float32 ValueInfoProto (graph input or output). */
export function floatValueInfo(io: GraphIo): OnnxTypes.IValueInfoProto {
  return {
    name: io.name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: io.shape
          ? { dim: io.shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) }
          : null,
      },
    },
  };
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  // A copy, so the initializer does not alias (and keep alive) a larger buffer such as a TF.js weight.
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

export class GraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly taken = new Set<string>();

  /** Reserve names (the graph input, every layer's name) so temporaries never take them. */
  reserve(names: Iterable<string>): void {
    for (const n of names) this.taken.add(n);
  }

  /** A fresh tensor name starting with `base`. */
  fresh(base: string): string {
    let name = base;
    for (let k = 1; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  /** Number of nodes so far: a converter's nodes are those from its starting count on. */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /**
   * Append a node and return its output name (`output`, already reserved by the caller, or a fresh
   * `<base>` name). Node names equal their output names, so profiles and errors point at the layer.
   */
  node(
    op: string,
    inputs: string[],
    base: string,
    attributes: OnnxTypes.IAttributeProto[] = [],
    output?: string,
  ): string {
    const out = output ?? this.fresh(base);
    this.nodes.push({ opType: op, input: inputs, output: [out], name: out, attribute: attributes });
    return out;
  }

  /** A float32 initializer. */
  floats(base: string, data: Float32Array, dims: number[]): string {
    const name = this.fresh(base);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytesOf(data) });
    return name;
  }

  /** An int64 initializer (shapes, pads, axes). Raw little-endian bytes, like every ONNX exporter. */
  int64s(base: string, values: number[]): string {
    const name = this.fresh(base);
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.initializers.push({
      name,
      dims: [values.length],
      dataType: onnx.TensorProto.DataType.INT64,
      rawData: bytesOf(data),
    });
    return name;
  }

  /** A float32 scalar initializer (Clip bounds). */
  scalar(base: string, value: number): string {
    const name = this.fresh(base);
    this.initializers.push({
      name,
      dims: [],
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: bytesOf(Float32Array.of(value)),
    });
    return name;
  }

  /**
   * Give the tensor `from` the name `to`, when `from` was made by a node at index >= `since` and no
   * node reads it yet (true for a converter's last node): the node writes `to` directly. Returns
   * false when that is not possible (the tensor is a graph input, an earlier layer's, or already read).
   */
  renameOutput(from: string, to: string, since: number): boolean {
    const producer = this.nodes.findIndex((n, i) => i >= since && n.output?.[0] === from);
    if (producer < 0) return false;
    if (this.nodes.some((n) => n.input?.includes(from))) return false;
    const node = this.nodes[producer]!;
    node.output = [to];
    node.name = to;
    return true;
  }

  /** Serialise as a ModelProto. */
  build(input: GraphIo, outputs: GraphIo[], graphName: string): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: "", version: OPSET }],
      producerName: "transfer-audit tfjs-to-onnx",
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: [floatValueInfo(input)],
        output: outputs.map(floatValueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
