/**
 * Pooling on NCHW maps. Keras "same" pooling ignores padded cells: ONNX MaxPool never picks a pad,
 * and AveragePool with count_include_pad = 0 (its default) divides by the cells actually covered,
 * as TensorFlow's avg_pool does.
 */
import { attr } from "../graph-builder";
import {
  type LayerContext,
  type LayerConverter,
  pair,
  requireChannelsLast,
  single,
  tmp,
  unsupported,
} from "./context";
import { padsFor } from "./convolution";

function pool(ctx: LayerContext, op: "MaxPool" | "AveragePool") {
  requireChannelsLast(ctx);
  const x = single(ctx);
  if (x.shape.length !== 4) unsupported(ctx, `expects a 4-D input, got rank ${x.shape.length}`);
  const kernel = pair(ctx, "poolSize");
  const strides = ctx.config.strides == null ? kernel : pair(ctx, "strides");
  const attributes = [
    attr.ints("kernel_shape", kernel),
    attr.ints("strides", strides),
    attr.ints("pads", padsFor(ctx, kernel, strides)),
  ];
  const y = ctx.b.node(op, [ctx.layout.nchw(x)], tmp(ctx, op), attributes);
  return { tensor: y, layout: "nchw" as const, shape: ctx.outputShape };
}

/** Global pooling: [N, C, 1, 1] from ONNX, flattened to [N, C] unless Keras keepdims is set. */
function globalPool(ctx: LayerContext, op: "GlobalAveragePool" | "GlobalMaxPool") {
  requireChannelsLast(ctx);
  const x = single(ctx);
  if (x.shape.length !== 4) unsupported(ctx, `expects a 4-D input, got rank ${x.shape.length}`);
  const y = ctx.b.node(op, [ctx.layout.nchw(x)], tmp(ctx, op));
  if (ctx.config.keepDims === true || ctx.config.keepdims === true)
    return { tensor: y, layout: "nchw" as const, shape: ctx.outputShape };
  const flat = ctx.b.node("Flatten", [y], tmp(ctx, "flatten"), [attr.int("axis", 1)]);
  return { tensor: flat, layout: "nc" as const, shape: ctx.outputShape };
}

export const maxPooling2d: LayerConverter = (ctx) => pool(ctx, "MaxPool");
export const averagePooling2d: LayerConverter = (ctx) => pool(ctx, "AveragePool");
export const globalAveragePooling2d: LayerConverter = (ctx) => globalPool(ctx, "GlobalAveragePool");
export const globalMaxPooling2d: LayerConverter = (ctx) => globalPool(ctx, "GlobalMaxPool");
