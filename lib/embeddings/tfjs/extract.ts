/**
 * Layer listing and multi-layer feature extraction for a loaded TF.js model.
 *
 * Layers models: the fast plan (fast-plan.ts: BatchNorm folded, activations and paddings fused,
 * activations freed as soon as consumed, stops after the last requested layer) produces every layer it
 * keeps in one pass; layers a rewrite swallowed come from one sub-model
 * `tf.model({inputs, outputs: [those layers]})` of the unmodified model (cached per set of layers).
 * Graph models: `model.execute(input, nodeNames)`, one pass. Outputs are reduced to N x dim with
 * `poolFeatures`, copied into plain Float32Arrays, and every tensor is freed before returning.
 */
import * as tf from "@tensorflow/tfjs";
import type { ClassificationHead, LayerInfo, LayerOutput, Pooling } from "../engine/types";
import { buildPlan, type FastPlan, type PlanSummary } from "./fast-plan";
import type { LoadedModel } from "./load";
import { elementCount } from "./manifest";
import { poolFeatures } from "./pooling";

export { poolFeatures };

function firstShape(s: tf.Shape | tf.Shape[]): (number | null)[] {
  const first = Array.isArray(s[0]) ? (s[0] as tf.Shape) : (s as tf.Shape);
  return first.map((d) => (d == null || d < 0 ? null : d));
}

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

function graphNodes(m: LoadedModel): GraphNode[] {
  const nodes = m.json.modelTopology.node;
  return Array.isArray(nodes) ? (nodes as GraphNode[]) : [];
}

/** Node name of a graph input reference: `name:1` -> `name`, `^name` (control edge) -> `name`. */
function nodeOf(ref: string): string {
  return ref.replace(/^\^/, "").replace(/:\d+$/, "");
}

/** `_output_shapes` (or a Placeholder's `shape`) from a GraphDef node, when the converter kept it. */
function graphNodeShape(node: GraphNode): (number | null)[] {
  type Dim = { size?: string | number };
  const attr = (node.attr ?? {}) as {
    shape?: { shape?: { dim?: Dim[] } };
    _output_shapes?: { list?: { shape?: { dim?: Dim[] }[] } };
  };
  const dims = attr._output_shapes?.list?.shape?.[0]?.dim ?? attr.shape?.shape?.dim;
  if (!dims) return [];
  return dims.map((d) => {
    const v = Number(d.size ?? -1);
    return v < 0 ? null : v;
  });
}

/**
 * Every layer with its output shape and parameter count. For graph models: every node except weight
 * constants, with the weights feeding a node counted as its parameters.
 */
export function listLayers(m: LoadedModel): LayerInfo[] {
  if (m.kind === "layers") {
    return m.model.layers.map((l, index) => ({
      index,
      name: l.name,
      className: l.getClassName(),
      outputShape: firstShape(l.outputShape),
      params: l.countParams(),
    }));
  }
  const weightSize = new Map<string, number>();
  for (const g of m.json.weightsManifest)
    for (const w of g.weights) weightSize.set(w.name, elementCount(w.shape));
  return graphNodes(m)
    .filter((n) => n.op !== "Const")
    .map((n, index) => ({
      index,
      name: n.name,
      className: n.op,
      outputShape: graphNodeShape(n),
      params: (n.input ?? []).reduce((s, ref) => s + (weightSize.get(nodeOf(ref)) ?? 0), 0),
    }));
}

/**
 * Per-sample shape of the model's single input, without the batch dimension and with null for free
 * dimensions: [h, w, c] for an image input [batch, h, w, c], [d] for a vector input [batch, d] (a
 * bag-of-words encoder, a tabular model). Other ranks (sequences [batch, t, d], volumes) are refused:
 * nothing upstream prepares such inputs.
 */
export function modelInputShape(m: LoadedModel): (number | null)[] {
  const inputs = m.model.inputs;
  if (inputs.length !== 1) {
    throw new Error(`model has ${inputs.length} inputs; only models with one input are supported`);
  }
  const shape = (inputs[0]!.shape ?? []).map((d) => (d == null || d < 0 ? null : d));
  if (shape.length !== 4 && shape.length !== 2) {
    throw new Error(
      `model input has shape [${shape.map((d) => d ?? "?").join(", ")}]; expected [batch, height, width, channels] (images) or [batch, features] (vectors)`,
    );
  }
  return shape.slice(1);
}

/**
 * The softmax classification head, if the model ends in one: a layers model whose last layer has
 * activation 'softmax' (Dense/Activation) or is a Softmax layer; a graph model whose output node is a
 * Softmax op (possibly behind Identity nodes).
 */
export function detectHead(m: LoadedModel): ClassificationHead | null {
  if (m.kind === "layers") {
    if (m.model.outputs.length !== 1) return null;
    const last = m.model.layers[m.model.layers.length - 1];
    if (!last) return null;
    const activation = (last.getConfig() as { activation?: unknown }).activation;
    if (last.getClassName() !== "Softmax" && activation !== "softmax") return null;
    const shape = firstShape(last.outputShape);
    return { layer: last.name, classes: shape.length === 2 ? shape[1]! : null };
  }
  if (m.model.outputs.length !== 1) return null;
  const out = m.model.outputs[0]!;
  const byName = new Map(graphNodes(m).map((n) => [n.name, n]));
  let node = byName.get(nodeOf(out.name));
  for (let hops = 0; node?.op === "Identity" && hops < 8; hops++) {
    node = byName.get(nodeOf(node.input?.[0] ?? ""));
  }
  if (node?.op !== "Softmax") return null;
  // The runtime's output info often lacks a shape; the converter's signature (top level, or under
  // userDefinedMetadata for TF-Hub exports) records it.
  type Sig = { outputs?: Record<string, { tensorShape?: { dim?: { size?: string | number }[] } }> };
  const sig = (m.json.signature ??
    (m.json.userDefinedMetadata as { signature?: unknown } | undefined)?.signature) as Sig | undefined;
  const dims =
    sig?.outputs?.[out.name]?.tensorShape?.dim ?? sig?.outputs?.[`${nodeOf(out.name)}:0`]?.tensorShape?.dim;
  const fromSig = dims && dims.length > 0 ? Number(dims[dims.length - 1]!.size) : Number.NaN;
  const last = out.shape?.[out.shape.length - 1] ?? fromSig;
  return { layer: nodeOf(out.name), classes: last != null && last > 0 ? last : null };
}

/**
 * Images per forward pass inside one `run`. TF.js keeps every intermediate activation of a layers
 * model's predict until it returns (measured with tf.profile on MobileNetV2: peak 220 MB for 8 images,
 * ~27 MB per image), and the wasm heap never shrinks, so a batch of 32 in one pass would hold ~0.9 GB per
 * thread. Passes of 8 cost the same CPU time per image as passes of 32 (0.130 vs 0.131 CPU-s/img,
 * measured) and give identical per-image results.
 */
export const DEFAULT_MICRO_BATCH = 8;

/**
 * Samples per forward pass for vector inputs [N, d]. A dense stack holds one row of each layer's
 * width per sample (bow-sotu: 2000 + 128 + 32 + 11 floats, ~9 KB), so 256 rows per pass stay around
 * 2 MB, and fewer passes save the fixed cost of each pass. Measured on bow-sotu (wasm, one thread,
 * 1000 target passages, layers hidden + features + head): 753 ms in passes of 8, 299 ms of 64, 141 ms
 * of 256, 144 ms in one pass of 1000.
 */
export const DEFAULT_VECTOR_MICRO_BATCH = 256;

/** Runs batches through a loaded model; owns a cache of sub-models and the fast plan (layers models). */
export class LayerExtractor {
  private readonly subModels = new Map<string, tf.LayersModel>();
  private readonly plan: FastPlan | null;
  private readonly microBatch: number;
  /** Values per sample: the product of `inputShape`. */
  private readonly per: number;

  constructor(
    private readonly m: LoadedModel,
    private readonly inputShape: readonly number[],
    microBatch?: number,
    optimize = true,
  ) {
    this.microBatch =
      microBatch ?? (inputShape.length === 1 ? DEFAULT_VECTOR_MICRO_BATCH : DEFAULT_MICRO_BATCH);
    this.per = inputShape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(this.microBatch) || this.microBatch < 1) {
      throw new Error(`microBatch must be a positive integer, got ${microBatch}`);
    }
    this.plan = optimize && m.kind === "layers" ? buildPlan(m.model) : null;
  }

  /** What the fast plan rewrote, or null when the model runs unmodified. */
  get planSummary(): PlanSummary | null {
    return this.plan ? { ...this.plan.summary, swallowed: [...this.plan.summary.swallowed] } : null;
  }

  /** Forward passes of at most `microBatch` samples for `layers`; inputs already validated by the engine. */
  async run(
    batch: Float32Array,
    n: number,
    layers: readonly string[],
    pooling: Pooling,
  ): Promise<Map<string, LayerOutput>> {
    const per = this.per;
    const outs: (LayerOutput | null)[] = layers.map(() => null);
    for (let start = 0; start < n; start += this.microBatch) {
      const count = Math.min(this.microBatch, n - start);
      const pooled = await this.forward(
        batch.subarray(start * per, (start + count) * per),
        count,
        layers,
        pooling,
      );
      try {
        for (const [i, t] of pooled.entries()) {
          const dim = t.shape[1];
          const o = outs[i] ?? { dim, data: new Float32Array(n * dim) };
          outs[i] = o;
          // Copied out: backends may hand out views of their own memory, and the caller owns the result.
          o.data.set(await t.data(), start * dim);
        }
      } finally {
        tf.dispose(pooled);
      }
    }
    return new Map(layers.map((name, i) => [name, outs[i]!]));
  }

  private forward(
    batch: Float32Array,
    n: number,
    layers: readonly string[],
    pooling: Pooling,
  ): Promise<tf.Tensor2D[]> {
    const shape = [n, ...this.inputShape];
    const m = this.m;
    if (m.kind === "layers") return Promise.resolve(this.forwardLayers(batch, shape, layers, pooling));
    const dtype = m.model.inputs[0]?.dtype === "int32" ? "int32" : "float32";
    try {
      return Promise.resolve(
        tf.tidy(() => {
          const x = tf.tensor(batch, shape);
          const y = m.model.execute(dtype === "float32" ? x : tf.cast(x, dtype), [...layers]);
          return (Array.isArray(y) ? y : [y]).map((t) => poolFeatures(t, pooling));
        }),
      );
    } catch (e) {
      // Graphs with control flow only run through executeAsync, which cannot sit inside tf.tidy.
      if (!/executeAsync/.test((e as Error).message)) throw e;
      return this.forwardAsync(batch, shape, dtype, layers, pooling);
    }
  }

  /**
   * Layers the fast plan produces come from it; the others (outputs a rewrite swallowed, or all of them
   * when there is no plan) from a sub-model of the unmodified model. Which path computes a layer
   * depends only on the layer, so a layer's values never depend on what else is requested.
   */
  private forwardLayers(
    batch: Float32Array,
    shape: number[],
    layers: readonly string[],
    pooling: Pooling,
  ): tf.Tensor2D[] {
    const plan = this.plan;
    const fast = plan ? layers.filter((l) => plan.available(l)) : [];
    const slow = layers.filter((l) => !fast.includes(l));
    const got = new Map<string, tf.Tensor2D>();
    const x = tf.tensor(batch, shape);
    try {
      if (plan && fast.length > 0) for (const [k, v] of plan.forward(x, fast, pooling)) got.set(k, v);
      if (slow.length > 0) {
        const sub = this.subModel(slow);
        const outs = tf.tidy(() => {
          const y = sub.predict(x, { batchSize: shape[0] });
          return (Array.isArray(y) ? y : [y]).map((t) => poolFeatures(t, pooling));
        });
        for (const [i, l] of slow.entries()) got.set(l, outs[i]!);
      }
      return layers.map((l) => got.get(l)!);
    } catch (e) {
      tf.dispose([...got.values()]);
      throw e;
    } finally {
      x.dispose();
    }
  }

  private async forwardAsync(
    batch: Float32Array,
    shape: number[],
    dtype: "int32" | "float32",
    layers: readonly string[],
    pooling: Pooling,
  ): Promise<tf.Tensor2D[]> {
    if (this.m.kind !== "graph") throw new Error("forwardAsync: graph models only");
    const x = tf.tidy(() =>
      dtype === "float32" ? tf.tensor(batch, shape) : tf.cast(tf.tensor(batch, shape), dtype),
    );
    let raw: tf.Tensor[] = [];
    try {
      const y = await this.m.model.executeAsync(x, [...layers]);
      raw = Array.isArray(y) ? y : [y];
      return tf.tidy(() => raw.map((t) => poolFeatures(t, pooling)));
    } finally {
      x.dispose();
      tf.dispose(raw);
    }
  }

  private subModel(layers: readonly string[]): tf.LayersModel {
    if (this.m.kind !== "layers") throw new Error("subModel: layers models only");
    const key = layers.join("\n");
    let sub = this.subModels.get(key);
    if (!sub) {
      const base = this.m.model;
      const outputs = layers.map((name) => {
        const o = base.getLayer(name).output;
        return Array.isArray(o) ? o[0]! : o;
      });
      // Shares the base model's layers and weights: no tensor is created, so none needs disposing.
      sub = tf.model({ inputs: base.inputs, outputs });
      if (this.subModels.size >= 16) this.subModels.delete(this.subModels.keys().next().value!);
      this.subModels.set(key, sub);
    }
    return sub;
  }

  dispose(): void {
    this.subModels.clear();
    this.plan?.dispose();
    this.m.model.dispose();
  }
}
