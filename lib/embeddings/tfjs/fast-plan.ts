/**
 * An inference plan for Keras-style layers models: runs the layers one by one in topological order,
 * with three standard inference rewrites, and frees each activation as soon as its last consumer ran.
 *
 * Rewrites (the same ones TFLite and ONNX Runtime apply; exact in real arithmetic, equal to the
 * layer-by-layer model up to float32 rounding):
 * 1. BatchNorm folding (Jacob et al., "Quantization and Training of Neural Networks for Efficient
 *    Integer-Arithmetic-Only Inference", CVPR 2018, section 3.2): a Conv2D / DepthwiseConv2D whose only
 *    consumer is an inference-mode BatchNormalization over channels becomes one convolution with
 *      s_c = gamma_c / sqrt(var_c + eps),  W'[..., c] = W[..., c] * s_c,  b'_c = (b_c - mean_c) * s_c + beta_c.
 * 2. Activation fusion: a following ReLU / ReLU6 (ReLU layer with max_value 6 or none, or Activation
 *    relu / relu6) is applied inside the convolution kernel (XNNPACK clamps its output for free).
 * 3. Padding absorption: a ZeroPadding2D whose only consumer is a 'valid' convolution becomes that
 *    convolution's explicit padding.
 * Why: profiling MobileNetV2 on wasm (tf.profile, 4 images), BatchNorm took 39% of kernel time,
 * Relu + ClipByValue 17% and PadV2 9%; convolutions only 34%. TF.js layers models do not fuse these.
 *
 * Layers swallowed by a rewrite (the convolution before a folded BatchNorm, the BatchNorm before a
 * fused activation, the padding) no longer have their own output here: `available(name)` is false and
 * the extractor computes them with the unmodified model instead. Every other layer's output is produced
 * by the plan, whatever else is requested, so results do not depend on the request.
 * `buildPlan` returns null (use the unmodified model) for models outside the supported shape: shared
 * layers, nested models, several inputs, layers with several outputs.
 */
import * as tf from "@tensorflow/tfjs";
import type { Pooling } from "../engine/types";
import { poolFeatures } from "./pooling";

/** The parts of a TF.js layer graph node this module reads. */
interface GraphNodeLike {
  inboundLayers: tf.layers.Layer[];
  nodeIndices: number[];
  tensorIndices: number[];
}
type LayerLike = tf.layers.Layer & { inboundNodes: GraphNodeLike[] };

type FusedActivation = "linear" | "relu" | "relu6";

interface ConvStep {
  kind: "conv";
  name: string;
  input: string;
  depthwise: boolean;
  filter: tf.Tensor4D;
  bias: tf.Tensor1D | null;
  strides: [number, number];
  pad: "valid" | "same" | [[number, number], [number, number], [number, number], [number, number]];
  dilations: [number, number];
  activation: FusedActivation;
}

interface LayerStep {
  kind: "layer";
  name: string;
  inputs: string[];
  layer: tf.layers.Layer;
}

type Step = ConvStep | LayerStep;

/** What the rewrites did, for logs and tests. */
export interface PlanSummary {
  steps: number;
  foldedBatchNorms: number;
  fusedActivations: number;
  absorbedPaddings: number;
  /** Layers whose own output the plan does not produce (computed with the unmodified model instead). */
  swallowed: string[];
}

function config(layer: tf.layers.Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

function pair(v: unknown, what: string): [number, number] {
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number"))
    return [v[0] as number, v[1] as number];
  throw new Error(`fast-plan: unexpected ${what} ${JSON.stringify(v)}`);
}

/** Activation a layer applies, if it is nothing but a ReLU or ReLU6. */
function reluKind(layer: tf.layers.Layer): FusedActivation | null {
  const c = config(layer);
  const cls = layer.getClassName();
  if (cls === "ReLU") {
    if (c.maxValue == null) return "relu";
    return c.maxValue === 6 ? "relu6" : null;
  }
  if (cls === "Activation") {
    if (c.activation === "relu") return "relu";
    if (c.activation === "relu6") return "relu6";
  }
  return null;
}

interface WeightValue {
  data: Float32Array;
  shape: number[];
}

/** Weights of a layer keyed by their short name (`kernel`, `bias`, `gamma`, `moving_mean`, ...). */
function weightsByName(layer: tf.layers.Layer): Map<string, WeightValue> {
  const out = new Map<string, WeightValue>();
  for (const w of layer.weights) {
    const short = (w.originalName ?? w.name).split("/").pop()!.replace(/_\d+$/, "");
    out.set(short, { data: w.read().dataSync() as Float32Array, shape: [...w.shape] as number[] });
  }
  return out;
}

/**
 * Fold an inference BatchNorm into a convolution's kernel and bias (formula in the header), or null
 * when the BatchNorm's channel count does not match the convolution's outputs.
 */
function foldBatchNorm(
  kernel: WeightValue,
  bias: Float32Array | null,
  bn: tf.layers.Layer,
): { kernel: Float32Array; bias: Float32Array } | null {
  const w = weightsByName(bn);
  const mean = w.get("moving_mean")?.data;
  const variance = w.get("moving_variance")?.data;
  if (!mean || !variance || kernel.shape.length !== 4) return null;
  const channels = mean.length;
  // Output channel of a kernel entry: Conv2D [kh,kw,in,out] -> its last index; DepthwiseConv2D
  // [kh,kw,in,mult] -> in*mult + m. Both equal the flat index modulo the number of outputs, which is
  // the product of the last two dimensions (depthwise) or the last one (Conv2D).
  const [, , d2, d3] = kernel.shape as [number, number, number, number];
  if (channels !== d3 && channels !== d2 * d3) return null;
  const eps = Number(config(bn).epsilon ?? 1e-3);
  const gamma = w.get("gamma")?.data;
  const beta = w.get("beta")?.data;
  const scale = new Float64Array(channels);
  for (let c = 0; c < channels; c++) scale[c] = (gamma ? gamma[c]! : 1) / Math.sqrt(variance[c]! + eps);
  const k = new Float32Array(kernel.data.length);
  for (let i = 0; i < k.length; i++) k[i] = kernel.data[i]! * scale[i % channels]!;
  const b = new Float32Array(channels);
  for (let c = 0; c < channels; c++)
    b[c] = ((bias ? bias[c]! : 0) - mean[c]!) * scale[c]! + (beta ? beta[c]! : 0);
  return { kernel: k, bias: b };
}

/** Whether the plan compiles this layer into a fused convolution step. */
function isPlannedConv(layer: tf.layers.Layer): boolean {
  const cls = layer.getClassName();
  const c = config(layer);
  return (
    (cls === "Conv2D" || cls === "DepthwiseConv2D") &&
    c.dataFormat === "channelsLast" &&
    (c.activation === "linear" || c.activation === "relu")
  );
}

/** A compiled plan; owns its folded weight tensors. */
export class FastPlan {
  private readonly availableNames: Set<string>;
  private readonly consumers: Map<string, number>;

  constructor(
    private readonly inputName: string,
    private readonly steps: Step[],
    readonly summary: PlanSummary,
  ) {
    this.availableNames = new Set([inputName, ...steps.map((s) => s.name)]);
    this.consumers = new Map();
    for (const s of steps) {
      for (const i of s.kind === "conv" ? [s.input] : s.inputs)
        this.consumers.set(i, (this.consumers.get(i) ?? 0) + 1);
    }
  }

  /** Whether the plan produces this layer's output. */
  available(name: string): boolean {
    return this.availableNames.has(name);
  }

  /**
   * Run `x` (images [N, h, w, c] or vectors [N, d]) through the plan until every requested layer has
   * been produced; returns the pooled [N, d] outputs (caller disposes them). `x` stays owned by the caller.
   */
  forward(x: tf.Tensor, layers: readonly string[], pooling: Pooling): Map<string, tf.Tensor2D> {
    const wanted = new Set(layers);
    const pooled = new Map<string, tf.Tensor2D>();
    const values = new Map<string, tf.Tensor>([[this.inputName, x]]);
    const left = new Map(this.consumers);
    const take = (name: string, t: tf.Tensor) => {
      if (wanted.has(name))
        pooled.set(
          name,
          tf.tidy(() => poolFeatures(t, pooling)),
        );
    };
    try {
      take(this.inputName, x);
      for (const step of this.steps) {
        if (pooled.size === wanted.size) break; // nothing requested lies further on
        const inputs = (step.kind === "conv" ? [step.input] : step.inputs).map((n) => values.get(n)!);
        const out = tf.tidy(() => {
          const y = run(step, inputs);
          // Layers such as Dropout (inference) or linear Activation return their input: a separate
          // handle lets the input be freed independently.
          return inputs.includes(y) ? y.clone() : y;
        });
        values.set(step.name, out);
        take(step.name, out);
        for (const n of step.kind === "conv" ? [step.input] : step.inputs) {
          const remaining = left.get(n)! - 1;
          left.set(n, remaining);
          if (remaining === 0 && n !== this.inputName) {
            values.get(n)!.dispose();
            values.delete(n);
          }
        }
        if (!left.get(step.name)) {
          out.dispose();
          values.delete(step.name);
        }
      }
    } catch (e) {
      tf.dispose([...pooled.values()]);
      throw e;
    } finally {
      for (const [n, t] of values) if (n !== this.inputName) t.dispose();
    }
    return pooled;
  }

  dispose(): void {
    disposeSteps(this.steps);
  }
}

function disposeSteps(steps: Step[]): void {
  for (const s of steps) if (s.kind === "conv") tf.dispose([s.filter, ...(s.bias ? [s.bias] : [])]);
}

function run(step: Step, inputs: tf.Tensor[]): tf.Tensor {
  if (step.kind === "layer") {
    return step.layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor;
  }
  const args = {
    x: inputs[0] as tf.Tensor4D,
    filter: step.filter,
    strides: step.strides,
    // Explicit [[0,0],[top,bottom],[left,right],[0,0]] padding is accepted by the kernels of every
    // backend (computeConv2DInfo); the depthwise op's typings list only 'valid' | 'same' | number.
    pad: step.pad as "valid",
    dataFormat: "NHWC" as const,
    dilations: step.dilations,
    bias: step.bias ?? undefined,
    activation: step.activation,
  };
  return step.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
}

/**
 * Compile a plan for a layers model, or return null when the model is outside what the plan supports.
 * Reads the weights once (folding allocates new filter tensors; the model's own weights are untouched).
 */
export function buildPlan(model: tf.LayersModel): FastPlan | null {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const layers = model.layers as LayerLike[];
  const inputLayers = layers.filter((l) => l.getClassName() === "InputLayer");
  const inputName = model.inputLayers[0]?.name;
  if (!inputName || inputLayers.length > 1) return null;

  // Single inbound node, first output of each inbound layer: no shared layers, no multi-output layers.
  const inputsOf = new Map<string, string[]>();
  const consumersOf = new Map<string, string[]>();
  for (const l of layers) {
    if (l.getClassName() === "InputLayer") continue;
    if (l instanceof tf.LayersModel || l.inboundNodes.length !== 1) return null;
    const node = l.inboundNodes[0]!;
    if (node.nodeIndices.some((i) => i !== 0) || node.tensorIndices.some((i) => i !== 0)) return null;
    const ins = node.inboundLayers.map((p) => p.name);
    inputsOf.set(l.name, ins);
    for (const i of ins) consumersOf.set(i, [...(consumersOf.get(i) ?? []), l.name]);
  }
  const outputName = model.outputLayers[0]!.name;
  const byName = new Map(layers.map((l) => [l.name, l]));
  /** `name` feeds exactly one layer, and is not the model's output: its value may be swallowed. */
  const onlyConsumer = (name: string): LayerLike | null => {
    const cs = consumersOf.get(name) ?? [];
    return cs.length === 1 && name !== outputName ? byName.get(cs[0]!)! : null;
  };

  const summary: PlanSummary = {
    steps: 0,
    foldedBatchNorms: 0,
    fusedActivations: 0,
    absorbedPaddings: 0,
    swallowed: [],
  };
  const steps: Step[] = [];
  const handled = new Set<string>();
  const rename = new Map<string, string>(); // swallowed padding -> its own input

  for (const l of layers) {
    const cls = l.getClassName();
    if (cls === "InputLayer" || handled.has(l.name)) continue;
    const ins = inputsOf.get(l.name)!.map((n) => rename.get(n) ?? n);
    const cfg = config(l);

    // Padding absorbed into its only consumer, a 'valid' convolution the plan compiles.
    if (cls === "ZeroPadding2D" && cfg.dataFormat === "channelsLast") {
      const next = onlyConsumer(l.name);
      if (next && isPlannedConv(next) && config(next).padding === "valid") {
        rename.set(l.name, ins[0]!);
        summary.absorbedPaddings++;
        summary.swallowed.push(l.name);
        continue;
      }
    }

    if (!isPlannedConv(l)) {
      steps.push({ kind: "layer", name: l.name, inputs: ins, layer: l });
      continue;
    }

    // A convolution, with whatever it can absorb after it.
    const depthwise = cls === "DepthwiseConv2D";
    const w = weightsByName(l);
    const kernelValue = w.get(depthwise ? "depthwise_kernel" : "kernel");
    if (kernelValue?.shape.length !== 4) {
      disposeSteps(steps);
      return null;
    }
    let kernel = kernelValue.data;
    let bias = w.get("bias")?.data ?? null;
    let activation: FusedActivation = cfg.activation === "relu" ? "relu" : "linear";
    let last: LayerLike = l;

    const bn = activation === "linear" ? onlyConsumer(l.name) : null;
    const bnAxis = bn ? Number(config(bn).axis) : Number.NaN;
    const folded =
      bn && bn.getClassName() === "BatchNormalization" && (bnAxis === -1 || bnAxis === 3)
        ? foldBatchNorm(kernelValue, bias, bn)
        : null;
    if (bn && folded) {
      kernel = folded.kernel;
      bias = folded.bias;
      summary.foldedBatchNorms++;
      summary.swallowed.push(last.name);
      handled.add(bn.name);
      last = bn;
    }
    const act = activation === "linear" ? onlyConsumer(last.name) : null;
    const kind = act ? reluKind(act) : null;
    if (act && kind && kind !== "linear") {
      activation = kind;
      summary.fusedActivations++;
      summary.swallowed.push(last.name);
      handled.add(act.name);
      last = act;
    }

    const source = inputsOf.get(l.name)![0]!;
    let pad: ConvStep["pad"] = cfg.padding as "valid" | "same";
    if (rename.has(source)) {
      const [[top, bottom], [left, right]] = config(byName.get(source)!).padding as [
        [number, number],
        [number, number],
      ];
      pad = [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ];
    }
    steps.push({
      kind: "conv",
      name: last.name,
      input: ins[0]!,
      depthwise,
      filter: tf.tensor4d(kernel, kernelValue.shape as [number, number, number, number]),
      bias: bias ? tf.tensor1d(bias) : null,
      strides: pair(cfg.strides, "strides"),
      pad,
      dilations: pair(cfg.dilationRate, "dilationRate"),
      activation,
    });
  }
  summary.steps = steps.length;
  return new FastPlan(inputName, steps, summary);
}
