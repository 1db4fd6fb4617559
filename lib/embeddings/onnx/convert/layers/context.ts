/** What a layer converter gets and returns. One converter per Keras class (see registry.ts). */
import type * as tf from "@tensorflow/tfjs";
import { UnsupportedLayerError } from "../errors";
import type { GraphBuilder } from "../graph-builder";
import type { LayoutConverter, Value } from "../layout";

export interface LayerContext {
  b: GraphBuilder;
  layout: LayoutConverter;
  layer: tf.layers.Layer;
  /** `layer.getConfig()` (TF.js camelCase keys: `kernelSize`, `dilationRate`, `maxValue`, ...). */
  config: Record<string, unknown>;
  inputs: Value[];
  /** The layer's TF.js output shape, batch null. */
  outputShape: (number | null)[];
}

/**
 * Emits the layer's nodes and returns its output value. The orchestrator then names the output tensor
 * after the layer, and brings a 4-D output to NCHW.
 */
export type LayerConverter = (ctx: LayerContext) => Value;

export function unsupported(ctx: LayerContext, reason: string): never {
  throw new UnsupportedLayerError(ctx.layer.name, ctx.layer.getClassName(), reason);
}

/** The layer's only input (merge layers read `ctx.inputs` themselves). */
export function single(ctx: LayerContext): Value {
  if (ctx.inputs.length !== 1) unsupported(ctx, `expected one input, got ${ctx.inputs.length}`);
  return ctx.inputs[0]!;
}

/** A [a, b] integer pair from a config entry given as a number or a pair. */
export function pair(ctx: LayerContext, key: string): [number, number] {
  const v = ctx.config[key];
  if (typeof v === "number") return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number"))
    return [v[0] as number, v[1] as number];
  return unsupported(ctx, `${key} ${JSON.stringify(v)} is not a number or a pair`);
}

/** Refuse channels-first layers: every bundled model is channels-last, like TF.js's default. */
export function requireChannelsLast(ctx: LayerContext): void {
  const f = ctx.config.dataFormat;
  if (f != null && f !== "channelsLast") unsupported(ctx, `dataFormat ${String(f)} (only channelsLast)`);
}

/** Base name for a layer's intermediate tensors. */
export function tmp(ctx: LayerContext, what: string): string {
  return `${ctx.layer.name}/${what}`;
}
