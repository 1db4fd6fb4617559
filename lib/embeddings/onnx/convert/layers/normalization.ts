/**
 * BatchNormalization at inference: ONNX BatchNormalization (training_mode 0) computes
 * (x - mean) / sqrt(var + epsilon) * gamma + beta over axis 1, which is the Keras channel axis for
 * NCHW maps and for [N, C] vectors. onnxruntime folds it into a preceding Conv when the Conv's output
 * is not itself a graph output (ConvBNFusion).
 */
import { attr } from "../graph-builder";
import { LayoutConverter } from "../layout";
import { layerWeights } from "../weights";
import { type LayerConverter, single, tmp, unsupported } from "./context";

export const batchNormalization: LayerConverter = (ctx) => {
  const x = single(ctx);
  const axis = ctx.config.axis;
  const rank = x.shape.length;
  if (typeof axis !== "number" || (axis !== -1 && axis !== rank - 1))
    return unsupported(ctx, `axis ${JSON.stringify(axis)} (only the last, channel, axis)`);
  if (rank !== 2 && rank !== 4) return unsupported(ctx, `input of rank ${rank} (only [N, C] and 4-D maps)`);
  const input = rank === 4 ? ctx.layout.nchw(x) : x.tensor;
  const w = layerWeights(ctx.layer);
  const mean = w.get("moving_mean");
  const variance = w.get("moving_variance");
  if (!mean || !variance) return unsupported(ctx, "moving_mean / moving_variance weights not found");
  const channels = mean.data.length;
  // center = false / scale = false: Keras then uses beta = 0 / gamma = 1.
  const gamma = w.get("gamma")?.data ?? new Float32Array(channels).fill(1);
  const beta = w.get("beta")?.data ?? new Float32Array(channels);
  const y = ctx.b.node(
    "BatchNormalization",
    [
      input,
      ctx.b.floats(tmp(ctx, "gamma"), gamma, [channels]),
      ctx.b.floats(tmp(ctx, "beta"), beta, [channels]),
      ctx.b.floats(tmp(ctx, "mean"), mean.data, [channels]),
      ctx.b.floats(tmp(ctx, "variance"), variance.data, [channels]),
    ],
    tmp(ctx, "bn"),
    [attr.float("epsilon", Number(ctx.config.epsilon ?? 1e-3))],
  );
  const out = { tensor: y, layout: rank === 4 ? ("nchw" as const) : x.layout, shape: ctx.outputShape };
  if (LayoutConverter.channelAxis(out) !== 1) unsupported(ctx, "channel axis is not axis 1 after layout");
  return out;
};
