/**
 * MNIST digits as float tensors' backing arrays for the pretraining scripts: pixels p / 255 in
 * [0, 1] (the models' preprocessing range), labels re-indexed to 0..k-1 over the chosen digits.
 */
import { loadMnistDigits, MNIST_PIXELS, splitMnist } from "@/lib/datasets/mnist-source";

export interface DigitSet {
  /** n x 784 floats in [0, 1]. */
  x: Float32Array;
  /** n class indices (position of the digit in `digits`). */
  y: Int32Array;
  n: number;
  /** Indices into loadMnistDigits() (to recompute or audit). */
  source: Int32Array;
}

export interface DigitSplit {
  digits: number[];
  heldOutEvery: number;
  train: DigitSet;
  heldOut: DigitSet;
}

function gather(idx: Int32Array, digits: readonly number[]): DigitSet {
  const { images, labels } = loadMnistDigits();
  const x = new Float32Array(idx.length * MNIST_PIXELS);
  const y = new Int32Array(idx.length);
  idx.forEach((i, k) => {
    for (let p = 0; p < MNIST_PIXELS; p++) x[k * MNIST_PIXELS + p] = images[i * MNIST_PIXELS + p]! / 255;
    y[k] = digits.indexOf(labels[i]!);
  });
  return { x, y, n: idx.length, source: idx };
}

export function loadDigitSplit(digits: number[], heldOutEvery = 5): DigitSplit {
  const { labels } = loadMnistDigits();
  const split = splitMnist(labels, digits, heldOutEvery);
  return { digits, heldOutEvery, train: gather(split.train, digits), heldOut: gather(split.heldOut, digits) };
}

/** Copies rows `order[from..to)` of an n x d array into a new (to - from) x d array. */
export function takeBatch(
  src: Float32Array,
  d: number,
  order: ArrayLike<number>,
  from: number,
  to: number,
): Float32Array {
  const out = new Float32Array((to - from) * d);
  for (let k = from; k < to; k++) {
    const i = order[k]!;
    out.set(src.subarray(i * d, (i + 1) * d), (k - from) * d);
  }
  return out;
}
