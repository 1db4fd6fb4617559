/**
 * Merge layers. Inputs are brought to one layout first (4-D maps to NCHW, other ranks stay in TF.js
 * order), then combined elementwise (Keras merge layers take equal shapes) or concatenated along the
 * mapped Keras axis.
 */
import { attr } from "../graph-builder";
import { LayoutConverter, type Value } from "../layout";
import { type LayerContext, type LayerConverter, tmp, unsupported } from "./context";

function aligned(ctx: LayerContext): { tensors: string[]; like: Value } {
  if (ctx.inputs.length < 2) unsupported(ctx, `expects at least two inputs, got ${ctx.inputs.length}`);
  const rank = ctx.inputs[0]!.shape.length;
  if (ctx.inputs.some((v) => v.shape.length !== rank)) unsupported(ctx, "inputs of different ranks");
  if (rank === 4) {
    const tensors = ctx.inputs.map((v) => ctx.layout.nchw(v));
    return { tensors, like: { tensor: "", layout: "nchw", shape: ctx.outputShape } };
  }
  const tensors = ctx.inputs.map((v) => ctx.layout.tfjs(v));
  return { tensors, like: { tensor: "", layout: rank === 2 ? "nc" : "other", shape: ctx.outputShape } };
}

/** A variadic ONNX op (Sum, Max, Min, Mean), or its binary form for two inputs. */
function elementwise(variadic: string, binary: string | null): LayerConverter {
  return (ctx) => {
    const { tensors, like } = aligned(ctx);
    const op = tensors.length === 2 && binary ? binary : variadic;
    return { ...like, tensor: ctx.b.node(op, tensors, tmp(ctx, op.toLowerCase())) };
  };
}

export const add = elementwise("Sum", "Add");
export const maximum = elementwise("Max", null);
export const minimum = elementwise("Min", null);
export const average = elementwise("Mean", null);

/** Multiply: ONNX has no variadic product, so a chain of Mul (left to right, like TF.js). */
export const multiply: LayerConverter = (ctx) => {
  const { tensors, like } = aligned(ctx);
  let y = tensors[0]!;
  for (const t of tensors.slice(1)) y = ctx.b.node("Mul", [y, t], tmp(ctx, "mul"));
  return { ...like, tensor: y };
};

export const concatenate: LayerConverter = (ctx) => {
  const { tensors, like } = aligned(ctx);
  const axis = Number(ctx.config.axis ?? -1);
  const onnxAxis = LayoutConverter.axis({ ...like, shape: ctx.inputs[0]!.shape }, axis);
  if (onnxAxis === 0) unsupported(ctx, "concatenation along the batch axis");
  return { ...like, tensor: ctx.b.node("Concat", tensors, tmp(ctx, "concat"), [attr.int("axis", onnxAxis)]) };
};
