/**
 * TF.js layers model (Keras-style) -> ONNX graph, so the same weights run on onnxruntime.
 *
 * The ONNX input is named "input" and takes TF.js's layout ([N, h, w, c] images or [N, d] vectors,
 * batch dimension symbolic "N"). Every layer but the InputLayer gets a tensor named after it (its name
 * in `layers`); 4-D outputs are NCHW there, everything else is in TF.js order. The model's own outputs
 * are the graph outputs; add intermediate ones with `withGraphOutputs`. See README.md for the mapping.
 */
import type * as tf from "@tensorflow/tfjs";
import { UnsupportedLayerError } from "./errors";
import { attr, GraphBuilder } from "./graph-builder";
import type { LayerContext } from "./layers/context";
import { CONVERTERS } from "./layers/registry";
import { LayoutConverter, NHWC_TO_NCHW, tfjsLayout, type Value } from "./layout";
import { readTopology } from "./topology";

export { UnsupportedLayerError } from "./errors";
export { withGraphOutputs } from "./graph-outputs";

export interface ConvertedLayer {
  /** The TF.js layer name (the names LayerInfo uses in lib/embeddings/tfjs). */
  name: string;
  /** Keras class. */
  className: string;
  /** ONNX tensor holding this layer's output. */
  tensor: string;
  /** nchw for 4-D maps (ONNX conv layout), nc for [N, d], other: any other rank, in TF.js order. */
  layout: "nchw" | "nc" | "other";
  /** The TF.js (NHWC) output shape, batch null. */
  outputShape: (number | null)[];
}

export interface ConvertedModel {
  /** Serialised ModelProto (opset 13), input named "input". */
  onnx: Uint8Array;
  inputName: string;
  /** Per-sample TF.js input shape [h, w, c] or [d]; the ONNX input is [N, ...inputShape]. */
  inputShape: number[];
  /** Every layer except the InputLayer, in topological order. */
  layers: ConvertedLayer[];
}

export const INPUT_NAME = "input";

function firstShape(s: tf.Shape | tf.Shape[]): (number | null)[] {
  const first = Array.isArray(s[0]) ? (s[0] as tf.Shape) : (s as tf.Shape);
  return first.map((d) => (d == null || d < 0 ? null : d));
}

/**
 * Give the layer's output the layer's own name: a 4-D map still in NHWC is transposed to NCHW into
 * that name; a tensor the layer's own last node made is renamed in place; anything else (an identity
 * layer returning its input) gets an Identity node.
 */
function nameOutput(b: GraphBuilder, layout: LayoutConverter, v: Value, name: string, since: number): Value {
  if (v.layout === "nhwc") {
    b.node("Transpose", [v.tensor], name, [attr.ints("perm", NHWC_TO_NCHW)], name);
    return { ...v, tensor: name, layout: "nchw" };
  }
  if (v.tensor !== name && (layout.isTransposition(v.tensor) || !b.renameOutput(v.tensor, name, since)))
    b.node("Identity", [v.tensor], name, [], name);
  return { ...v, tensor: name };
}

/**
 * Convert a TF.js layers model to ONNX. Throws UnsupportedLayerError (naming the layer and its class)
 * for a layer class or setting without a mapping, and Error for a model outside the supported shape
 * (several inputs, input dimensions unknown).
 */
export function convertLayersModel(model: tf.LayersModel): ConvertedModel {
  const topology = readTopology(model);
  const b = new GraphBuilder();
  b.reserve([INPUT_NAME, ...topology.nodes.map((n) => n.layer.name)]);
  const layout = new LayoutConverter(b);
  const inputShape = [null, ...topology.inputShape];
  const values = new Map<string, Value>([
    [topology.inputLayer, { tensor: INPUT_NAME, layout: tfjsLayout(inputShape.length), shape: inputShape }],
  ]);

  const layers: ConvertedLayer[] = [];
  for (const { layer, inputs } of topology.nodes) {
    const className = layer.getClassName();
    const convert = CONVERTERS[className];
    if (!convert) throw new UnsupportedLayerError(layer.name, className);
    const ctx: LayerContext = {
      b,
      layout,
      layer,
      config: layer.getConfig() as Record<string, unknown>,
      inputs: inputs.map((n) => values.get(n)!),
      outputShape: firstShape(layer.outputShape),
    };
    const since = b.nodeCount;
    const out = nameOutput(b, layout, convert(ctx), layer.name, since);
    values.set(layer.name, out);
    layers.push({
      name: layer.name,
      className,
      tensor: out.tensor,
      layout: out.layout === "nhwc" ? "nchw" : out.layout,
      outputShape: ctx.outputShape,
    });
  }

  const onnx = b.build(
    { name: INPUT_NAME, shape: ["N", ...topology.inputShape] },
    topology.outputs.map((name) => ({ name: values.get(name)!.tensor, shape: null })),
    model.name,
  );
  return { onnx, inputName: INPUT_NAME, inputShape: topology.inputShape, layers };
}
