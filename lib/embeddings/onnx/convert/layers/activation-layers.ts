/** Layers that are only an activation: Activation, ReLU (ReLU6 via max_value), LeakyReLU, ELU, Softmax. */
import { applyActivation, clip } from "../activations";
import { attr } from "../graph-builder";
import { LayoutConverter } from "../layout";
import { type LayerConverter, single, tmp, unsupported } from "./context";

export const activation: LayerConverter = (ctx) =>
  applyActivation(ctx.b, single(ctx), ctx.config.activation, ctx.layer.name, ctx.layer.getClassName());

/** TF.js ReLU: max(x, 0), clipped at maxValue when set (ReLU6 in MobileNetV2 is maxValue 6). */
export const relu: LayerConverter = (ctx) => {
  const x = single(ctx);
  const { maxValue, negativeSlope, threshold } = ctx.config;
  if ((negativeSlope ?? 0) !== 0 || (threshold ?? 0) !== 0)
    unsupported(ctx, `negativeSlope ${String(negativeSlope)} / threshold ${String(threshold)}`);
  if (maxValue == null) return { ...x, tensor: ctx.b.node("Relu", [x.tensor], tmp(ctx, "relu")) };
  return { ...x, tensor: clip(ctx.b, x.tensor, 0, Number(maxValue), tmp(ctx, "clip")) };
};

export const leakyRelu: LayerConverter = (ctx) => {
  const x = single(ctx);
  const alpha = Number(ctx.config.alpha ?? 0.3);
  return {
    ...x,
    tensor: ctx.b.node("LeakyRelu", [x.tensor], tmp(ctx, "leaky_relu"), [attr.float("alpha", alpha)]),
  };
};

export const elu: LayerConverter = (ctx) => {
  const x = single(ctx);
  const alpha = Number(ctx.config.alpha ?? 1);
  return { ...x, tensor: ctx.b.node("Elu", [x.tensor], tmp(ctx, "elu"), [attr.float("alpha", alpha)]) };
};

/** Softmax layer over its configured Keras axis (TF.js defaults it to 1, not -1), mapped to the layout. */
export const softmax: LayerConverter = (ctx) => {
  const x = single(ctx);
  const axis = ctx.config.axis;
  if (typeof axis !== "number") return unsupported(ctx, `axis ${JSON.stringify(axis)} (one axis only)`);
  const onnxAxis = LayoutConverter.axis(x, axis);
  return {
    ...x,
    tensor: ctx.b.node("Softmax", [x.tensor], tmp(ctx, "softmax"), [attr.int("axis", onnxAxis)]),
  };
};
