/**
 * Large dense matrix products for the metrics, on ONNX Runtime's CPU kernels when onnxruntime-node
 * loads (MLAS: blocked SIMD on all cores; note that onnxruntime-node runs a session synchronously on
 * the JavaScript thread, inside a setImmediate), else on TF.js.
 *
 * Why: the MMD permutation test multiplies a 4000 x 4000 kernel by 4000 x 1001 indicators (32 GFLOP)
 * and its distances need a 4000 x 4000 x 1280 Gram (20 GFLOP). Measured here (2 cores, float32):
 * ONNX Runtime ran the first in 0.8 CPU-s, TF.js on wasm (one thread) took several times that.
 *
 * Each product is exact up to float32 rounding of its own summation order; ONNX Runtime splits the
 * output, not the sums, across threads, so the same inputs give the same result on every run.
 * `matmulBackend()` says which runtime served, for the record. TA_METRICS_MATMUL=js forces the
 * fallbacks (TF.js for float32, the exact JavaScript loops for float64).
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import type { InferenceSession } from "onnxruntime-node";
import { getTf } from "./tf";

type Ort = typeof import("onnxruntime-node");

type Dtype = "float32" | "float64";
type Sessions = { ort: Ort; sessions: Record<Dtype, InferenceSession> };
let ortReady: Promise<Sessions | null> | null = null;
let served: "onnxruntime" | "tfjs" | "js" | null = null;

/** A one-node ONNX graph C = A B over float32 or float64 inputs with free dimensions. */
function matmulModel(dtype: Dtype): Uint8Array {
  const require = createRequire(import.meta.url);
  const { onnx } = require("onnx-proto") as typeof import("onnx-proto");
  // TensorProto.DataType: FLOAT = 1, DOUBLE = 11.
  const elemType = dtype === "float32" ? 1 : 11;
  const matrixType = (rows: string, cols: string) => ({
    tensorType: { elemType, shape: { dim: [{ dimParam: rows }, { dimParam: cols }] } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 13 }],
    producerName: "transfer-audit metrics",
    graph: {
      name: "matmul",
      node: [{ opType: "MatMul", input: ["A", "B"], output: ["C"], name: "matmul" }],
      input: [
        { name: "A", type: matrixType("m", "k") },
        { name: "B", type: matrixType("k", "n") },
      ],
      output: [{ name: "C", type: matrixType("m", "n") }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function threads(): number {
  const fromEnv = Number(process.env.TA_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : availableParallelism();
}

async function openOrt(): Promise<Sessions | null> {
  if (process.env.TA_METRICS_MATMUL === "js") return null;
  try {
    const ort = (await import("onnxruntime-node")) as Ort;
    const open = (dtype: Dtype) =>
      ort.InferenceSession.create(Buffer.from(matmulModel(dtype)), {
        intraOpNumThreads: threads(),
        interOpNumThreads: 1,
        executionProviders: ["cpu"],
      });
    return { ort, sessions: { float32: await open("float32"), float64: await open("float64") } };
  } catch {
    // onnxruntime-node is absent or its native library does not load: TF.js serves instead.
    return null;
  }
}

/**
 * C = A B for row-major float32 A (rows x inner) and B (inner x cols); returns rows x cols, row-major.
 * Products are serialised on the one session; callers chunk anything that would not fit in memory.
 */
export async function matmul(
  a: Float32Array,
  b: Float32Array,
  rows: number,
  inner: number,
  cols: number,
): Promise<Float32Array> {
  if (a.length !== rows * inner)
    throw new Error(`matmul: A has ${a.length} values, expected ${rows} x ${inner}`);
  if (b.length !== inner * cols)
    throw new Error(`matmul: B has ${b.length} values, expected ${inner} x ${cols}`);
  ortReady ??= openOrt();
  const ort = await ortReady;
  if (ort) {
    served = "onnxruntime";
    const out = await ort.sessions.float32.run({
      A: new ort.ort.Tensor("float32", a, [rows, inner]),
      B: new ort.ort.Tensor("float32", b, [inner, cols]),
    });
    return out.C!.data as Float32Array;
  }
  served = "tfjs";
  const tf = await getTf();
  const product = tf.tidy(() => tf.matMul(tf.tensor2d(a, [rows, inner]), tf.tensor2d(b, [inner, cols])));
  try {
    return (await product.data()) as Float32Array;
  } finally {
    product.dispose();
  }
}

/**
 * C = A B in float64 for row-major A (rows x inner) and B (inner x cols). On ONNX Runtime (double
 * GEMM) when it loads, else `fallback()` (the callers' exact JavaScript loops).
 */
export async function matmul64(
  a: Float64Array,
  b: Float64Array,
  rows: number,
  inner: number,
  cols: number,
  fallback: () => Float64Array,
): Promise<Float64Array> {
  if (a.length !== rows * inner)
    throw new Error(`matmul64: A has ${a.length} values, expected ${rows} x ${inner}`);
  if (b.length !== inner * cols)
    throw new Error(`matmul64: B has ${b.length} values, expected ${inner} x ${cols}`);
  ortReady ??= openOrt();
  const ort = await ortReady;
  if (!ort) {
    served = "js";
    return fallback();
  }
  served = "onnxruntime";
  const out = await ort.sessions.float64.run({
    A: new ort.ort.Tensor("float64", a, [rows, inner]),
    B: new ort.ort.Tensor("float64", b, [inner, cols]),
  });
  return out.C!.data as Float64Array;
}

/**
 * G = A Aᵀ (rows x rows) in float64 from A (rows x len) and its transpose `aT` (len x rows), which
 * callers usually hold already. Made exactly symmetric (the mean of the two triangles: the GEMM
 * computes them separately), as the JavaScript `fallback` makes it.
 */
export async function gram64(
  a: Float64Array,
  aT: Float64Array,
  rows: number,
  len: number,
  fallback: () => Float64Array,
): Promise<Float64Array> {
  const G = await matmul64(a, aT, rows, len, rows, fallback);
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      const v = 0.5 * (G[i * rows + j]! + G[j * rows + i]!);
      G[i * rows + j] = v;
      G[j * rows + i] = v;
    }
  }
  return G;
}

/** Row-major transpose of a rows x cols float32 matrix. */
export function transposed(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[row + j]!;
  }
  return out;
}

/** Which runtime served the last product (`null` before the first). */
export function matmulBackend(): "onnxruntime" | "tfjs" | "js" | null {
  return served;
}
