/** Reduction of one layer's output to one row per image. */
import * as tf from "@tensorflow/tfjs";
import type { Pooling } from "../engine/types";

/**
 * Reduce one layer's output to [N, dim]: rank-4 maps [N,h,w,c] by the mean (global average pooling)
 * or the maximum over h and w, giving [N,c]; rank 2 unchanged (as float32); any other rank flattened
 * per image.
 * Call inside tf.tidy.
 */
export function poolFeatures(t: tf.Tensor, pooling: Pooling): tf.Tensor2D {
  if (t.rank === 0) throw new Error("poolFeatures: a scalar output has no batch dimension");
  const f = t.dtype === "float32" ? t : tf.cast(t, "float32");
  if (f.rank === 4) return (pooling === "max" ? tf.max(f, [1, 2]) : tf.mean(f, [1, 2])) as tf.Tensor2D;
  // A new tensor even here, so callers may dispose the layer output and keep the result.
  if (f.rank === 2) return (f === t ? tf.clone(f) : f) as tf.Tensor2D;
  return tf.reshape(f, [f.shape[0]!, -1]);
}
