/**
 * Conv2D and DepthwiseConv2D as ONNX Conv on NCHW maps (kernel layouts in ../weights.ts, padding in
 * ../padding.ts), followed by the layer's activation.
 */
import { applyActivation } from "../activations";
import { attr } from "../graph-builder";
import { windowPads } from "../padding";
import { convKernelToOnnx, depthwiseKernelToOnnx, layerWeights } from "../weights";
import {
  type LayerContext,
  type LayerConverter,
  pair,
  requireChannelsLast,
  single,
  tmp,
  unsupported,
} from "./context";

/** Explicit pads for a window op on the input's [h, w]; "same" needs both known. */
export function padsFor(
  ctx: LayerContext,
  kernel: [number, number],
  strides: [number, number],
  dilations: [number, number] = [1, 1],
) {
  const padding = ctx.config.padding;
  if (padding !== "same" && padding !== "valid") return unsupported(ctx, `padding "${String(padding)}"`);
  const [, h, w] = single(ctx).shape;
  if (padding === "same" && (h == null || w == null))
    return unsupported(ctx, "'same' padding needs a known input height and width");
  return windowPads(padding, [h ?? 0, w ?? 0], kernel, strides, dilations);
}

function convolution(ctx: LayerContext, depthwise: boolean) {
  requireChannelsLast(ctx);
  const x = single(ctx);
  if (x.shape.length !== 4) unsupported(ctx, `expects a 4-D input, got rank ${x.shape.length}`);
  const kernelSize = pair(ctx, "kernelSize");
  const strides = pair(ctx, "strides");
  const dilations = pair(ctx, "dilationRate");
  const w = layerWeights(ctx.layer);
  const raw = w.get(depthwise ? "depthwise_kernel" : "kernel");
  if (!raw) return unsupported(ctx, "no kernel weight found");
  const kernel = depthwise ? depthwiseKernelToOnnx(raw) : convKernelToOnnx(raw);
  const inputs = [ctx.layout.nchw(x), ctx.b.floats(tmp(ctx, "kernel"), kernel.data, kernel.shape)];
  const bias = w.get("bias");
  if (bias) inputs.push(ctx.b.floats(tmp(ctx, "bias"), bias.data, bias.shape));
  const attributes = [
    attr.ints("kernel_shape", kernelSize),
    attr.ints("strides", strides),
    attr.ints("dilations", dilations),
    attr.ints("pads", padsFor(ctx, kernelSize, strides, dilations)),
    attr.int("group", depthwise ? raw.shape[2]! : 1),
  ];
  const y = ctx.b.node("Conv", inputs, tmp(ctx, "conv"), attributes);
  const out = { tensor: y, layout: "nchw" as const, shape: ctx.outputShape };
  return applyActivation(ctx.b, out, ctx.config.activation, ctx.layer.name, ctx.layer.getClassName());
}

export const conv2d: LayerConverter = (ctx) => convolution(ctx, false);
export const depthwiseConv2d: LayerConverter = (ctx) => convolution(ctx, true);
