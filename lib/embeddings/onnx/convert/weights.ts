/**
 * Reading a TF.js layer's weights, and the kernel layout changes from Keras to ONNX.
 *
 * Keras stores Conv2D kernels as [kh, kw, in, out] and DepthwiseConv2D kernels as [kh, kw, in, mult];
 * ONNX Conv wants [out, in / group, kh, kw]. A depthwise convolution is an ONNX Conv with group = in
 * whose output channel in * mult + m applies kernel [.., .., in, m] (TensorFlow's depthwise output
 * order, tf.nn.depthwise_conv2d docs: output channel k * channel_multiplier + q).
 */
import type * as tf from "@tensorflow/tfjs";

export interface WeightArray {
  data: Float32Array;
  shape: number[];
}

/**
 * The layer's weights keyed by short name (`kernel`, `bias`, `depthwise_kernel`, `gamma`, `beta`,
 * `moving_mean`, `moving_variance`): the last path component of the original Keras name, without the
 * `_1` suffix TF.js adds when a name repeats.
 */
export function layerWeights(layer: tf.layers.Layer): Map<string, WeightArray> {
  const out = new Map<string, WeightArray>();
  for (const w of layer.weights) {
    const short = (w.originalName ?? w.name).split("/").pop()!.replace(/_\d+$/, "");
    const value = w.read();
    if (value.dtype !== "float32") throw new Error(`layer ${layer.name}: weight ${w.name} is ${value.dtype}`);
    out.set(short, { data: Float32Array.from(value.dataSync() as Float32Array), shape: [...value.shape] });
  }
  return out;
}

function dims4(w: WeightArray, what: string): [number, number, number, number] {
  if (w.shape.length !== 4) throw new Error(`${what}: expected a 4-D kernel, got [${w.shape.join(", ")}]`);
  return w.shape as [number, number, number, number];
}

/** Conv2D kernel [kh, kw, in, out] -> ONNX [out, in, kh, kw]. */
export function convKernelToOnnx(k: WeightArray): WeightArray {
  const [kh, kw, cin, cout] = dims4(k, "Conv2D kernel");
  const out = new Float32Array(k.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + y) * kw + x] = k.data[((y * kw + x) * cin + i) * cout + o]!;
  return { data: out, shape: [cout, cin, kh, kw] };
}

/** DepthwiseConv2D kernel [kh, kw, in, mult] -> ONNX [in * mult, 1, kh, kw] (use with group = in). */
export function depthwiseKernelToOnnx(k: WeightArray): WeightArray {
  const [kh, kw, cin, mult] = dims4(k, "DepthwiseConv2D kernel");
  const out = new Float32Array(k.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let m = 0; m < mult; m++)
          out[((i * mult + m) * kh + y) * kw + x] = k.data[((y * kw + x) * cin + i) * mult + m]!;
  return { data: out, shape: [cin * mult, 1, kh, kw] };
}
