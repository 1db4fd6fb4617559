/**
 * Keras/TensorFlow padding rules as explicit ONNX pads.
 *
 * TensorFlow "same" (tensorflow/core/framework/kernel_shape_util.cc GetWindowedOutputSize): output
 * size ceil(in / stride); total padding max((out - 1) * stride + effective_kernel - in, 0), with
 * effective_kernel = (k - 1) * dilation + 1; the smaller half goes before (top/left), the larger after
 * (bottom/right). With stride 2 and an even input this is asymmetric, which ONNX auto_pad SAME_UPPER
 * also encodes, but explicit pads leave no doubt about which side gets the extra row.
 */

/** [before, after] padding of one spatial dimension under TF "same". */
export function samePadding1d(size: number, kernel: number, stride: number, dilation = 1): [number, number] {
  if (![size, kernel, stride, dilation].every((v) => Number.isInteger(v) && v > 0))
    throw new Error(
      `samePadding1d: size ${size}, kernel ${kernel}, stride ${stride}, dilation ${dilation} must be positive integers`,
    );
  const effective = (kernel - 1) * dilation + 1;
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * ONNX `pads` [top, left, bottom, right] for a 2-D window op on an [h, w] map. "valid" pads nothing
 * (ONNX then gives floor((in - effective_kernel) / stride) + 1, TensorFlow's valid size).
 */
export function windowPads(
  padding: "same" | "valid",
  size: [number, number],
  kernel: [number, number],
  strides: [number, number],
  dilations: [number, number] = [1, 1],
): [number, number, number, number] {
  if (padding === "valid") return [0, 0, 0, 0];
  const [top, bottom] = samePadding1d(size[0], kernel[0], strides[0], dilations[0]);
  const [left, right] = samePadding1d(size[1], kernel[1], strides[1], dilations[1]);
  return [top, left, bottom, right];
}
