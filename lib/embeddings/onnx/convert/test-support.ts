/**
 * Shared by this folder's tests: run a converted model on onnxruntime with chosen layers as outputs,
 * run the same layers on TF.js, and compare them in TF.js order.
 */
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-node";
import { type ConvertedLayer, type ConvertedModel, withGraphOutputs } from "./index";

/**
 * Run `n` samples (TF.js layout, flat) through the converted model on onnxruntime (one thread) and
 * return the named layers' outputs in TF.js order (NCHW maps transposed back to NHWC).
 */
export async function runOnnxLayers(
  converted: ConvertedModel,
  x: Float32Array,
  n: number,
  names: readonly string[],
): Promise<Map<string, Float32Array>> {
  const byName = new Map(converted.layers.map((l) => [l.name, l]));
  const wanted = names.map((name) => {
    const l = byName.get(name);
    if (!l) throw new Error(`runOnnxLayers: no converted layer "${name}"`);
    return l;
  });
  const model = withGraphOutputs(
    converted.onnx,
    wanted.map((l) => l.tensor),
  );
  const session = await ort.InferenceSession.create(Buffer.from(model), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  try {
    const feeds = { [converted.inputName]: new ort.Tensor("float32", x, [n, ...converted.inputShape]) };
    const results = await session.run(
      feeds,
      wanted.map((l) => l.tensor),
    );
    const out = new Map<string, Float32Array>();
    for (const l of wanted) {
      const t = results[l.tensor]!;
      out.set(l.name, toTfjsOrder(l, t.data as Float32Array, t.dims.map(Number)));
    }
    return out;
  } finally {
    await session.release();
  }
}

/** An NCHW map's values in NHWC order; other layouts are already in TF.js order. */
export function toTfjsOrder(layer: ConvertedLayer, data: Float32Array, dims: number[]): Float32Array {
  if (layer.layout !== "nchw") return data;
  const [n, c, h, w] = dims as [number, number, number, number];
  const out = new Float32Array(data.length);
  for (let i = 0; i < n; i++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let xx = 0; xx < w; xx++)
          out[((i * h + y) * w + xx) * c + ch] = data[((i * c + ch) * h + y) * w + xx]!;
  return out;
}

/** The named layers' outputs on TF.js (current backend), from one sub-model predict. */
export function tfjsLayers(
  model: tf.LayersModel,
  x: Float32Array,
  n: number,
  names: readonly string[],
): Map<string, Float32Array> {
  const inputShape = model.inputs[0]!.shape.slice(1) as number[];
  const sub = tf.model({
    inputs: model.inputs,
    outputs: names.map((name) => model.getLayer(name).output as tf.SymbolicTensor),
  });
  const input = tf.tensor(x, [n, ...inputShape]);
  const ys = sub.predict(input) as tf.Tensor | tf.Tensor[];
  const list = Array.isArray(ys) ? ys : [ys];
  const out = new Map(names.map((name, i) => [name, list[i]!.dataSync() as Float32Array]));
  tf.dispose([input, ...list]);
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Largest absolute value: the scale a difference is read against. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/**
 * Per layer: max |ORT - TF.js| and the layer's own max |value|, for every converted layer (or those
 * named).
 */
export async function compareLayers(
  model: tf.LayersModel,
  converted: ConvertedModel,
  x: Float32Array,
  n: number,
  names: readonly string[] = converted.layers.map((l) => l.name),
): Promise<{ name: string; diff: number; scale: number }[]> {
  const onnx = await runOnnxLayers(converted, x, n, names);
  const ref = tfjsLayers(model, x, n, names);
  return names.map((name) => ({
    name,
    diff: maxAbsDiff(onnx.get(name)!, ref.get(name)!),
    scale: maxAbs(ref.get(name)!),
  }));
}
