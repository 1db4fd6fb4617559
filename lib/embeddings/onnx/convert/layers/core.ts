/** Dense, Flatten, Reshape, and the layers that are the identity at inference (Dropout and kin). */
import { applyActivation } from "../activations";
import { attr } from "../graph-builder";
import { tfjsLayout } from "../layout";
import { layerWeights } from "../weights";
import { type LayerConverter, single, tmp, unsupported } from "./context";

/**
 * Dense: y = x W + b on the last axis. On [N, d] one Gemm (kernel [in, out] as B, untransposed);
 * on higher ranks (Keras applies Dense to the last axis) MatMul then Add, in TF.js order.
 */
export const dense: LayerConverter = (ctx) => {
  const x = single(ctx);
  const w = layerWeights(ctx.layer);
  const kernel = w.get("kernel");
  if (kernel?.shape.length !== 2) return unsupported(ctx, "no 2-D kernel weight found");
  const bias = w.get("bias");
  const k = ctx.b.floats(tmp(ctx, "kernel"), kernel.data, kernel.shape);
  const bt = bias ? ctx.b.floats(tmp(ctx, "bias"), bias.data, bias.shape) : null;
  let y: string;
  if (x.layout === "nc") {
    y = ctx.b.node("Gemm", bt ? [x.tensor, k, bt] : [x.tensor, k], tmp(ctx, "gemm"));
  } else {
    y = ctx.b.node("MatMul", [ctx.layout.tfjs(x), k], tmp(ctx, "matmul"));
    if (bt) y = ctx.b.node("Add", [y, bt], tmp(ctx, "bias_add"));
  }
  const out = { tensor: y, layout: tfjsLayout(ctx.outputShape.length), shape: ctx.outputShape };
  return applyActivation(ctx.b, out, ctx.config.activation, ctx.layer.name, ctx.layer.getClassName());
};

/**
 * Flatten in Keras order: a NCHW map is transposed back to NHWC first, so the flat index is
 * (h * W + w) * C + c exactly as in TF.js and the next Dense's kernel applies unchanged.
 */
export const flatten: LayerConverter = (ctx) => {
  const x = single(ctx);
  if (x.shape.length === 2) return x;
  const y = ctx.b.node("Flatten", [ctx.layout.tfjs(x)], tmp(ctx, "flatten"), [attr.int("axis", 1)]);
  return { tensor: y, layout: "nc", shape: ctx.outputShape };
};

/** Reshape in TF.js order; 0 keeps the batch dimension (opset 13 semantics), -1 is inferred. */
export const reshape: LayerConverter = (ctx) => {
  const x = single(ctx);
  const target = ctx.config.targetShape;
  if (!Array.isArray(target)) return unsupported(ctx, `targetShape ${JSON.stringify(target)}`);
  const dims = target.map((d) => (d == null || d === -1 ? -1 : Number(d)));
  if (dims.some((d) => !Number.isInteger(d) || d === 0 || d < -1))
    return unsupported(ctx, `targetShape ${JSON.stringify(target)}`);
  const shape = ctx.b.int64s(tmp(ctx, "shape"), [0, ...dims]);
  const y = ctx.b.node("Reshape", [ctx.layout.tfjs(x), shape], tmp(ctx, "reshape"));
  return { tensor: y, layout: tfjsLayout(ctx.outputShape.length), shape: ctx.outputShape };
};

/** Dropout, noise and similar regularisers: the identity at inference (Keras `training=False`). */
export const identity: LayerConverter = (ctx) => single(ctx);
