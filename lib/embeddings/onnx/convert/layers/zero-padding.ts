/** ZeroPadding2D: ONNX Pad (constant 0) on the NCHW map; pads are [begin per axis, end per axis]. */
import { type LayerConverter, requireChannelsLast, single, tmp, unsupported } from "./context";

export const zeroPadding2d: LayerConverter = (ctx) => {
  requireChannelsLast(ctx);
  const x = single(ctx);
  if (x.shape.length !== 4) unsupported(ctx, `expects a 4-D input, got rank ${x.shape.length}`);
  const p = ctx.config.padding;
  const ok =
    Array.isArray(p) &&
    p.length === 2 &&
    p.every((d) => Array.isArray(d) && d.length === 2 && d.every((v) => Number.isInteger(v) && v >= 0));
  if (!ok) return unsupported(ctx, `padding ${JSON.stringify(p)}`);
  const [[top, bottom], [left, right]] = p as [[number, number], [number, number]];
  const pads = ctx.b.int64s(tmp(ctx, "pads"), [0, 0, top, left, 0, 0, bottom, right]);
  const y = ctx.b.node("Pad", [ctx.layout.nchw(x), pads], tmp(ctx, "pad"));
  return { tensor: y, layout: "nchw", shape: ctx.outputShape };
};
