/**
 * The layer graph of a TF.js layers model, as the converter needs it: one input, every other layer
 * with the names of the layers feeding it, in an order where producers come before consumers.
 * Shared layers (called more than once), nested models and multi-output connections are refused.
 */
import * as tf from "@tensorflow/tfjs";
import { UnsupportedLayerError } from "./errors";

/** The parts of a TF.js graph node the converter reads (not in the public typings). */
interface InboundNode {
  inboundLayers: tf.layers.Layer[];
  nodeIndices: number[];
  tensorIndices: number[];
}
type LayerWithNodes = tf.layers.Layer & { inboundNodes: InboundNode[] };

export interface TopologyNode {
  layer: tf.layers.Layer;
  /** Names of the layers whose outputs feed this one, in call order. */
  inputs: string[];
}

export interface Topology {
  inputLayer: string;
  /** Per-sample input shape (no batch dimension); every dimension known. */
  inputShape: number[];
  /** Every layer except the InputLayer, producers first. */
  nodes: TopologyNode[];
  /** Names of the layers whose outputs are the model's outputs. */
  outputs: string[];
}

export function readTopology(model: tf.LayersModel): Topology {
  if (model.inputs.length !== 1)
    throw new Error(
      `model "${model.name}" has ${model.inputs.length} inputs; the ONNX converter supports one`,
    );
  const input = model.inputs[0]!;
  const inputLayer = input.sourceLayer.name;
  const dims = input.shape.slice(1);
  if (dims.some((d) => d == null || d <= 0))
    throw new Error(
      `model "${model.name}" input "${inputLayer}" has shape [${input.shape.map((d) => d ?? "?").join(", ")}]; the converter needs every dimension but the batch known`,
    );

  const byName = new Map<string, TopologyNode>();
  for (const l of model.layers as LayerWithNodes[]) {
    if (l.getClassName() === "InputLayer") continue;
    if (l instanceof tf.LayersModel)
      throw new UnsupportedLayerError(
        l.name,
        l.getClassName(),
        "a nested model (build the model from its layers)",
      );
    if (l.inboundNodes.length !== 1)
      throw new UnsupportedLayerError(
        l.name,
        l.getClassName(),
        `a shared layer (called ${l.inboundNodes.length} times)`,
      );
    const node = l.inboundNodes[0]!;
    if (node.nodeIndices.some((i) => i !== 0) || node.tensorIndices.some((i) => i !== 0))
      throw new UnsupportedLayerError(l.name, l.getClassName(), "reads a second output of a layer");
    byName.set(l.name, { layer: l, inputs: node.inboundLayers.map((p) => p.name) });
  }

  // Depth-first topological order, stable in the model's own layer order (already topological in
  // practice; this only guards the assumption).
  const order: TopologyNode[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string) => {
    if (name === inputLayer || state.get(name) === "done") return;
    const n = byName.get(name);
    if (!n)
      throw new Error(`model "${model.name}": layer "${name}" feeds the graph but is not one of its layers`);
    if (state.get(name) === "visiting")
      throw new Error(`model "${model.name}": a cycle through layer "${name}"`);
    state.set(name, "visiting");
    for (const i of n.inputs) visit(i);
    state.set(name, "done");
    order.push(n);
  };
  for (const name of byName.keys()) visit(name);

  return {
    inputLayer,
    inputShape: dims as number[],
    nodes: order,
    outputs: model.outputs.map((t) => t.sourceLayer.name),
  };
}
