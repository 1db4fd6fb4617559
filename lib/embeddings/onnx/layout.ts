/**
 * Tensor layouts between the product's convention (images NHWC, see ../engine/types.ts) and an ONNX
 * model's: which layout the model's input wants, the NHWC -> NCHW transpose, and pooling a fetched
 * tensor to N x dim whatever its layout. Pure functions on plain arrays.
 */
import type { LayerOutput, Pooling } from "../engine/types";

/** Layout of a model input or of an intermediate tensor. `nc`: [N, d]; `other`: flattened per sample. */
export type TensorLayout = "nchw" | "nhwc" | "nc" | "other";

export interface InputLayout {
  layout: "nchw" | "nhwc" | "nc";
  /** Per-sample shape in the product's convention ([h, w, c] or [d]); null where the model leaves it free. */
  sampleShape: (number | null)[];
  /** The batch size the model fixes (some exports pin it to 1); null when free. */
  fixedBatch: number | null;
}

const isChannels = (d: number | null) => d === 1 || d === 3;

/**
 * Decide the input layout from its shape: [N, d] is a vector input; [N, 1|3, H, W] is NCHW and
 * [N, H, W, 1|3] NHWC. When both ends (or neither) look like channels, `given` decides, else it throws
 * asking for it.
 */
export function inputLayout(
  dims: readonly (number | null)[],
  given?: "nchw" | "nhwc",
  label = "model input",
): InputLayout {
  const shown = `[${dims.map((d) => d ?? "?").join(", ")}]`;
  const fixedBatch = dims[0] ?? null;
  if (dims.length === 2) return { layout: "nc", sampleShape: [dims[1] ?? null], fixedBatch };
  if (dims.length !== 4) {
    throw new Error(
      `${label} has shape ${shown}; expected images [N, C, H, W] / [N, H, W, C] or vectors [N, d]`,
    );
  }
  const [, a, b, c] = dims as (number | null)[];
  let layout = given;
  if (!layout) {
    if (isChannels(a ?? null) && !isChannels(c ?? null)) layout = "nchw";
    else if (isChannels(c ?? null) && !isChannels(a ?? null)) layout = "nhwc";
    else
      throw new Error(
        `${label} ${shown}: cannot tell NCHW from NHWC (channels must be 1 or 3 at one end); set the source's layout`,
      );
  }
  const sampleShape =
    layout === "nchw" ? [b ?? null, c ?? null, a ?? null] : [a ?? null, b ?? null, c ?? null];
  return { layout, sampleShape, fixedBatch };
}

/** Resolve free dimensions of `model` with `given` (same rank, fixed dims must agree). */
export function resolveSampleShape(
  model: readonly (number | null)[],
  given?: readonly number[],
  label = "model input",
): number[] {
  const shown = `[${model.map((d) => d ?? "?").join(", ")}]`;
  if (!given) {
    if (model.some((d) => d === null))
      throw new Error(`${label} ${shown} has free dimensions: pass inputShape`);
    return model as number[];
  }
  if (given.length !== model.length) {
    throw new Error(`inputShape has ${given.length} dimensions but ${label} ${shown} has ${model.length}`);
  }
  given.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1)
      throw new Error(`inputShape[${i}] must be a positive integer, got ${d}`);
    const fixed = model[i];
    if (fixed != null && fixed !== d)
      throw new Error(`inputShape[${i}] is ${d} but ${label} fixes it at ${fixed}`);
  });
  return [...given];
}

/** [n, h, w, c] row-major -> [n, c, h, w] row-major. */
export function nhwcToNchw(data: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(data.length);
  const hw = h * w;
  for (let i = 0; i < n; i++) {
    const base = i * hw * c;
    for (let p = 0; p < hw; p++) {
      const src = base + p * c;
      for (let k = 0; k < c; k++) out[base + k * hw + p] = data[src + k]!;
    }
  }
  return out;
}

/**
 * Reduce one fetched tensor to N x dim: rank-4 maps by the mean or max over their two spatial axes
 * (axes 2, 3 for NCHW; 1, 2 for NHWC), [N, d] unchanged, anything else flattened per sample. The
 * mean is accumulated in float64, so it is at least as exact as TF.js's float32 `tf.mean`.
 */
export function poolTensor(
  data: Float32Array,
  dims: readonly number[],
  layout: TensorLayout,
  pooling: Pooling,
): LayerOutput {
  const n = dims[0]!;
  if (dims.length === 4 && (layout === "nchw" || layout === "nhwc")) {
    const [, d1, d2, d3] = dims as [number, number, number, number];
    const channels = layout === "nchw" ? d1 : d3;
    const spatial = layout === "nchw" ? d2 * d3 : d1 * d2;
    const out = new Float32Array(n * channels);
    const acc = new Float64Array(channels);
    for (let i = 0; i < n; i++) {
      const base = i * channels * spatial;
      if (layout === "nchw") {
        for (let k = 0; k < channels; k++) {
          const off = base + k * spatial;
          let v = pooling === "max" ? -Infinity : 0;
          for (let p = 0; p < spatial; p++) {
            const x = data[off + p]!;
            if (pooling === "max") v = Math.max(x, v);
            else v += x;
          }
          out[i * channels + k] = pooling === "max" ? v : v / spatial;
        }
      } else {
        acc.fill(pooling === "max" ? -Infinity : 0);
        for (let p = 0; p < spatial; p++) {
          const off = base + p * channels;
          for (let k = 0; k < channels; k++) {
            const x = data[off + k]!;
            if (pooling === "max") acc[k] = Math.max(x, acc[k]!);
            else acc[k]! += x;
          }
        }
        for (let k = 0; k < channels; k++)
          out[i * channels + k] = pooling === "max" ? acc[k]! : acc[k]! / spatial;
      }
    }
    return { dim: channels, data: out };
  }
  if (dims.length === 0) throw new Error("a scalar output has no batch dimension");
  const dim = dims.slice(1).reduce((a, b) => a * b, 1);
  // A copy: ONNX Runtime's output buffers are not ours to hand out.
  return { dim, data: Float32Array.from(data.subarray(0, n * dim)) };
}
