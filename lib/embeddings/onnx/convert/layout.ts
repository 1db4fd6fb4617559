/**
 * Tensor layouts. TF.js keeps images NHWC; ONNX Conv/Pool/BatchNormalization want NCHW. The converter
 * tracks each value's layout and transposes only where an op needs the other one:
 * - `nhwc`: a 4-D map in TF.js order (only the graph input, or a layer that reshapes into 4-D),
 * - `nchw`: a 4-D map in ONNX order (every 4-D layer output the converter reports),
 * - `nc`:   [N, d], the same in both,
 * - `other`: any other rank, in TF.js order.
 */
import { attr, type GraphBuilder } from "./graph-builder";

export type Layout = "nhwc" | "nchw" | "nc" | "other";

/** A tensor of the graph with its layout and its TF.js (NHWC) shape, batch dimension null. */
export interface Value {
  tensor: string;
  layout: Layout;
  shape: (number | null)[];
}

/** Layout of a tensor kept in TF.js order. */
export function tfjsLayout(rank: number): Layout {
  return rank === 4 ? "nhwc" : rank === 2 ? "nc" : "other";
}

export const NHWC_TO_NCHW = [0, 3, 1, 2];
export const NCHW_TO_NHWC = [0, 2, 3, 1];

/**
 * Inserts the Transposes between NHWC and NCHW, once per tensor: a map read by several layers (the
 * graph input feeding a padding and a shortcut, say) is transposed a single time.
 */
export class LayoutConverter {
  private readonly cache = new Map<string, string>();

  constructor(private readonly b: GraphBuilder) {}

  /** The value's tensor in NCHW (a 4-D value). */
  nchw(v: Value): string {
    if (v.layout === "nchw") return v.tensor;
    if (v.layout !== "nhwc") throw new Error(`layout: ${v.tensor} is ${v.layout}, not a 4-D map`);
    return this.transpose(v.tensor, NHWC_TO_NCHW, "nchw");
  }

  /** The value's tensor in TF.js order (any rank). */
  tfjs(v: Value): string {
    return v.layout === "nchw" ? this.transpose(v.tensor, NCHW_TO_NHWC, "nhwc") : v.tensor;
  }

  /** Channel axis (Keras axis -1) of the value's tensor as laid out in the graph. */
  static channelAxis(v: Value): number {
    return v.layout === "nchw" ? 1 : v.shape.length - 1;
  }

  /**
   * Map a Keras axis (negative counts from the end, on the TF.js shape) to the axis of the tensor as
   * laid out in the graph.
   */
  static axis(v: Value, kerasAxis: number): number {
    const rank = v.shape.length;
    const a = kerasAxis < 0 ? kerasAxis + rank : kerasAxis;
    if (a < 0 || a >= rank) throw new Error(`layout: axis ${kerasAxis} out of range for rank ${rank}`);
    if (v.layout !== "nchw") return a;
    return [0, 2, 3, 1][a]!;
  }

  /** Whether `tensor` is a transposition this converter made (its name must not change). */
  isTransposition(tensor: string): boolean {
    for (const t of this.cache.values()) if (t === tensor) return true;
    return false;
  }

  private transpose(tensor: string, perm: number[], suffix: string): string {
    const key = `${tensor}->${suffix}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = this.b.node("Transpose", [tensor], `${tensor}/${suffix}`, [attr.ints("perm", perm)]);
    this.cache.set(key, out);
    return out;
  }
}
