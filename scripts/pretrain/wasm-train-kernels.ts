/**
 * Training kernels for TF.js 4.22's wasm backend, registered by the pretraining scripts only.
 *
 * 1. `Conv2DBackpropFilter` is missing from the wasm backend (training a Conv2D layer fails with
 *    "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"). Added here:
 *    dW[ky, kx, ci, co] = sum over b, oy, ox of x[b, oy*sh + ky - padTop, ox*sw + kx - padLeft, ci] * dy[b, oy, ox, co]
 *    (terms in the padding are zero), as a transposed im2col (JS) times dy with the wasm BatchMatMul.
 *    Tried and slower: the wasm Conv3DBackpropFilterV2 on a depth-1 view (a naive loop nest, same
 *    result bit for bit), and the plain JS sum (conv2dFilterGrad, kept as the test's reference).
 * 2. The wasm `Conv2DBackpropInput` (a naive loop nest) is replaced by dy times W^T (BatchMatMul)
 *    followed by col2im: dX[b, iy, ix, ci] = sum over taps and co of dy[b, oy, ox, co] W[ky, kx, ci, co].
 * 3. The wasm `MaxPoolGrad` is replaced by a JS scatter: each output's gradient goes to the first
 *    maximum of its window in row-major scan order (the cpu backend's rule).
 * 4. The wasm `BatchMatMul` with transposeA or transposeB is 6-12x slower than without (measured
 *    47 vs 7.6 ms for 144x6272 by 6272x32 with transposeA; 11.2 vs 0.9 ms for 64x784 by (128x784)^T):
 *    the operand is transposed first with the wasm Transpose kernel (0.2 ms). Every dense layer's
 *    backward pass (x^T dy and dy W^T) takes this path.
 * All run single-threaded in a fixed order, so training stays bit-reproducible. Each is checked
 * against the cpu backend in wasm-train-kernels.test.ts. Only NHWC, dilation 1.
 */
import * as tf from "@tensorflow/tfjs";

let registered = false;

/** The sum above on plain arrays (exported for the test). */
export function conv2dFilterGrad(
  x: Float32Array,
  xShape: readonly [number, number, number, number],
  dy: Float32Array,
  dyShape: readonly [number, number, number, number],
  filterShape: readonly [number, number, number, number],
  strides: readonly [number, number],
  padTop: number,
  padLeft: number,
): Float32Array {
  const [b, h, w, c] = xShape;
  const [, oh, ow, o] = dyShape;
  const [kh, kw] = filterShape;
  const [sh, sw] = strides;
  const acc = new Float64Array(kh * kw * c * o);
  for (let bi = 0; bi < b; bi++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const dyBase = ((bi * oh + oy) * ow + ox) * o;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh + ky - padTop;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw + kx - padLeft;
            if (ix < 0 || ix >= w) continue;
            const xBase = ((bi * h + iy) * w + ix) * c;
            const wBase = (ky * kw + kx) * c;
            for (let ci = 0; ci < c; ci++) {
              const a = x[xBase + ci]!;
              if (a === 0) continue;
              const base = (wBase + ci) * o;
              for (let co = 0; co < o; co++) acc[base + co]! += a * dy[dyBase + co]!;
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

/**
 * Transposed im2col: the K x N matrix (K = kh*kw*c filter taps, ordered as the filter's [kh, kw, c]
 * dimensions; N = b*oh*ow output positions) whose column n holds the input values under the filter
 * at output position n, zeros in the padding. Then dW (K x o) = colsT dy (dy viewed as N x o).
 * Built already transposed because the wasm BatchMatMul is ~10x slower with transposeA.
 */
export function im2colT(
  x: Float32Array,
  xShape: readonly [number, number, number, number],
  outHW: readonly [number, number],
  kernelHW: readonly [number, number],
  strides: readonly [number, number],
  padTop: number,
  padLeft: number,
): Float32Array {
  const [b, h, w, c] = xShape;
  const [oh, ow] = outHW;
  const [kh, kw] = kernelHW;
  const [sh, sw] = strides;
  const N = b * oh * ow;
  const colsT = new Float32Array(kh * kw * c * N);
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      const tapBase = (ky * kw + kx) * c;
      let n = 0;
      for (let bi = 0; bi < b; bi++) {
        for (let oy = 0; oy < oh; oy++) {
          const iy = oy * sh + ky - padTop;
          for (let ox = 0; ox < ow; ox++, n++) {
            const ix = ox * sw + kx - padLeft;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
            const src = ((bi * h + iy) * w + ix) * c;
            for (let ci = 0; ci < c; ci++) colsT[(tapBase + ci) * N + n] = x[src + ci]!;
          }
        }
      }
    }
  }
  return colsT;
}

type Kernel = NonNullable<ReturnType<typeof tf.getKernel>>;

export function registerWasmTrainingKernels(): void {
  if (registered) return;
  const originalMatMul = tf.getKernel("BatchMatMul", "wasm") as Kernel | undefined;
  const reshape = tf.getKernel("Reshape", "wasm") as Kernel | undefined;
  const transpose = tf.getKernel("Transpose", "wasm") as Kernel | undefined;
  if (!originalMatMul || !reshape || !transpose) {
    throw new Error("registerWasmTrainingKernels: wasm BatchMatMul/Reshape/Transpose kernels not found");
  }
  const matMul = originalMatMul;
  registerBatchMatMul(originalMatMul, transpose);
  registerConv2DBackpropInput(matMul, reshape);
  registerMaxPoolGrad();
  // A later TF.js release may ship its own; keep it then.
  if (tf.getKernel("Conv2DBackpropFilter", "wasm")) {
    registered = true;
    return;
  }
  tf.registerKernel({
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as unknown as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const a = attrs as unknown as {
        strides: number | [number, number];
        pad: "same" | "valid" | number;
        dataFormat: "NHWC" | "NCHW";
        dimRoundingMode?: "floor" | "round" | "ceil";
        filterShape: [number, number, number, number];
      };
      if (a.dataFormat !== "NHWC") throw new Error(`Conv2DBackpropFilter(wasm): dataFormat ${a.dataFormat}`);
      const xShape = x.shape as [number, number, number, number];
      const info = tf.backend_util.computeConv2DInfo(
        xShape,
        a.filterShape,
        a.strides,
        1,
        a.pad,
        a.dimRoundingMode,
        false,
        "channelsLast",
      );
      const be = backend as unknown as WasmBackendView;
      const [kh, kw, c, o] = a.filterShape;
      const N = xShape[0] * info.outHeight * info.outWidth;
      const K = kh * kw * c;
      const colsT = im2colT(
        be.readSync(x.dataId),
        xShape,
        [info.outHeight, info.outWidth],
        [kh, kw],
        [info.strideHeight, info.strideWidth],
        info.padInfo.top,
        info.padInfo.left,
      );
      const run = (k: Kernel, inp: Record<string, tf.TensorInfo>, at: Record<string, unknown>) =>
        runKernel(k, backend, inp, at);
      const colsInfo = be.makeOutput([1, K, N], "float32", undefined, colsT);
      const dy3 = run(reshape, { x: dy }, { shape: [1, N, o] });
      const prod = run(matMul, { a: colsInfo, b: dy3 }, { transposeA: false, transposeB: false });
      const dw = run(reshape, { x: prod }, { shape: [kh, kw, c, o] });
      be.disposeData(colsInfo.dataId);
      be.disposeData(dy3.dataId);
      be.disposeData(prod.dataId);
      return dw;
    },
  });
  registered = true;
}

interface WasmBackendView {
  readSync(id: unknown): Float32Array;
  makeOutput(shape: number[], dtype: "float32", off?: number, values?: Float32Array): tf.TensorInfo;
  disposeData(id: unknown): void;
}

function replaceKernel(name: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernel(name, "wasm")) tf.unregisterKernel(name, "wasm");
  tf.registerKernel({ kernelName: name, backendName: "wasm", kernelFunc });
}

function runKernel(
  k: Kernel,
  backend: unknown,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Record<string, unknown>,
): tf.TensorInfo {
  return k.kernelFunc({
    inputs,
    backend: backend as tf.KernelBackend,
    attrs: attrs as tf.NamedAttrMap,
  }) as tf.TensorInfo;
}

function registerBatchMatMul(original: Kernel, transpose: Kernel): void {
  replaceKernel("BatchMatMul", ({ inputs, backend, attrs }) => {
    const { a, b } = inputs as unknown as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc({ inputs, backend, attrs });
    const be = backend as unknown as WasmBackendView;
    const swapLast = (t: tf.TensorInfo) => {
      const rank = t.shape.length;
      return runKernel(
        transpose,
        backend,
        { x: t },
        { perm: [...Array(rank - 2).keys(), rank - 1, rank - 2] },
      );
    };
    const a2 = transposeA ? swapLast(a) : a;
    const b2 = transposeB ? swapLast(b) : b;
    const out = runKernel(original, backend, { a: a2, b: b2 }, { transposeA: false, transposeB: false });
    if (transposeA) be.disposeData(a2.dataId);
    if (transposeB) be.disposeData(b2.dataId);
    return out;
  });
}

/** col2im of P (N x K, K ordered [kh, kw, c]) into dX [b, h, w, c], summing overlapping taps. */
export function col2im(
  p: Float32Array,
  xShape: readonly [number, number, number, number],
  outHW: readonly [number, number],
  kernelHW: readonly [number, number],
  strides: readonly [number, number],
  padTop: number,
  padLeft: number,
): Float32Array {
  const [b, h, w, c] = xShape;
  const [oh, ow] = outHW;
  const [kh, kw] = kernelHW;
  const [sh, sw] = strides;
  const K = kh * kw * c;
  const acc = new Float64Array(b * h * w * c);
  let n = 0;
  for (let bi = 0; bi < b; bi++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, n++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh + ky - padTop;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw + kx - padLeft;
            if (ix < 0 || ix >= w) continue;
            const dst = ((bi * h + iy) * w + ix) * c;
            const src = n * K + (ky * kw + kx) * c;
            for (let ci = 0; ci < c; ci++) acc[dst + ci]! += p[src + ci]!;
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

function registerConv2DBackpropInput(matMul: Kernel, reshape: Kernel): void {
  replaceKernel("Conv2DBackpropInput", ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as unknown as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const a = attrs as unknown as {
      strides: number | [number, number];
      pad: "same" | "valid" | number;
      dataFormat: "NHWC" | "NCHW";
      dimRoundingMode?: "floor" | "round" | "ceil";
      inputShape: [number, number, number, number];
    };
    if (a.dataFormat !== "NHWC") throw new Error(`Conv2DBackpropInput(wasm): dataFormat ${a.dataFormat}`);
    const fShape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape,
      fShape,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
      false,
      "channelsLast",
    );
    const be = backend as unknown as WasmBackendView;
    const [kh, kw, c, o] = fShape;
    const K = kh * kw * c;
    const N = a.inputShape[0] * info.outHeight * info.outWidth;
    // W viewed as K x o, transposed to o x K in JS (small) so the product is a plain matmul.
    const wv = be.readSync(filter.dataId);
    const wT = new Float32Array(o * K);
    for (let k = 0; k < K; k++) for (let co = 0; co < o; co++) wT[co * K + k] = wv[k * o + co]!;
    const wInfo = be.makeOutput([1, o, K], "float32", undefined, wT);
    const dy3 = runKernel(reshape, backend, { x: dy }, { shape: [1, N, o] });
    const prod = runKernel(matMul, backend, { a: dy3, b: wInfo }, { transposeA: false, transposeB: false });
    const p = be.readSync(prod.dataId);
    be.disposeData(wInfo.dataId);
    be.disposeData(dy3.dataId);
    be.disposeData(prod.dataId);
    const dx = col2im(
      p,
      a.inputShape,
      [info.outHeight, info.outWidth],
      [kh, kw],
      [info.strideHeight, info.strideWidth],
      info.padInfo.top,
      info.padInfo.left,
    );
    return be.makeOutput([...a.inputShape], "float32", undefined, dx);
  });
}

function registerMaxPoolGrad(): void {
  replaceKernel("MaxPoolGrad", ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as unknown as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const a = attrs as unknown as {
      filterSize: number | [number, number];
      strides: number | [number, number];
      pad: "same" | "valid" | number;
      dimRoundingMode?: "floor" | "round" | "ceil";
    };
    const xShape = input.shape as [number, number, number, number];
    const info = tf.backend_util.computePool2DInfo(
      xShape,
      a.filterSize,
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
    );
    const be = backend as unknown as WasmBackendView;
    const x = be.readSync(input.dataId);
    const g = be.readSync(dy.dataId);
    const [b, h, w, c] = xShape;
    const {
      outHeight: oh,
      outWidth: ow,
      filterHeight: fh,
      filterWidth: fw,
      strideHeight: sh,
      strideWidth: sw,
    } = info;
    const dx = new Float32Array(b * h * w * c);
    for (let bi = 0; bi < b; bi++) {
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          for (let ci = 0; ci < c; ci++) {
            let best = Number.NEGATIVE_INFINITY;
            let at = -1;
            for (let ky = 0; ky < fh; ky++) {
              const iy = oy * sh + ky - info.padInfo.top;
              if (iy < 0 || iy >= h) continue;
              for (let kx = 0; kx < fw; kx++) {
                const ix = ox * sw + kx - info.padInfo.left;
                if (ix < 0 || ix >= w) continue;
                const idx = ((bi * h + iy) * w + ix) * c + ci;
                if (x[idx]! > best) {
                  best = x[idx]!;
                  at = idx;
                }
              }
            }
            if (at >= 0) dx[at]! += g[((bi * oh + oy) * ow + ox) * c + ci]!;
          }
        }
      }
    }
    return be.makeOutput([...xShape], "float32", undefined, dx);
  });
}
