/**
 * The "random features" baseline for a native ONNX model (the same role as ../tfjs/random-init.ts):
 * the same graph with seeded random weights. An ONNX file records no initializer configuration, so
 * one rule is applied to every float32 initializer, in graph order, from `createRng(seed)`:
 *
 * - rank >= 2 (convolution kernels [out, in, kh, kw], Gemm/MatMul matrices): Glorot uniform,
 *   U(-a, a) with a = sqrt(6 / ((d0 + d1) * kh * kw)) (Glorot & Bengio, AISTATS 2010; the bound is
 *   symmetric in fan-in and fan-out, so [out, in] and [in, out] matrices get the same law);
 * - rank <= 1 read by BatchNormalization as scale (input 1) or variance (input 4): 1; as bias or mean
 *   (inputs 2, 3): 0; read by Conv / ConvTranspose / Gemm as bias (input 2): 0;
 * - anything else (shape constants, int64 indices, other float vectors): left as exported.
 *
 * PyTorch folds BatchNorm into the convolutions at export, so for its models the first two rules cover
 * every learned value. Same seed, same file -> bit-identical weights.
 */
import type * as onnxModule from "onnx-proto";
import { createRng } from "../../metrics/stats/rng";
import { decodeModel, encodeModel, graphOf, initializerReaders, type ModelProto } from "./graph";

const FLOAT = 1;

export function randomInitOnnx(bytes: Uint8Array, seed: number, label = "model.onnx"): ModelProto {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`seed must be an integer in 0..2^32-1, got ${seed}`);
  }
  const model = decodeModel(bytes, label);
  const readers = initializerReaders(model);
  const rng = createRng(seed);
  for (const t of graphOf(model).initializer as onnxModule.onnx.TensorProto[]) {
    if (Number(t.dataType) !== FLOAT) continue;
    const dims = t.dims.map(Number);
    const size = dims.reduce((a, b) => a * b, 1);
    let values: Float32Array | null = null;
    if (dims.length >= 2) {
      const receptive = dims.slice(2).reduce((a, b) => a * b, 1);
      const a = Math.sqrt(6 / ((dims[0]! + dims[1]!) * receptive));
      values = Float32Array.from({ length: size }, () => (2 * rng.next() - 1) * a);
    } else {
      const roles = readers.get(t.name ?? "") ?? [];
      const bn = roles.find((r) => r.opType === "BatchNormalization");
      const isBias = roles.some((r) => /^(Conv|ConvTranspose|Gemm)$/.test(r.opType) && r.position === 2);
      if (bn) values = new Float32Array(size).fill(bn.position === 1 || bn.position === 4 ? 1 : 0);
      else if (isBias) values = new Float32Array(size);
    }
    if (!values) continue;
    t.rawData = new Uint8Array(values.buffer);
    t.floatData = [];
  }
  // Round-trip so the returned model is exactly what its bytes say (its weights hash is then its own).
  return decodeModel(encodeModel(model), label);
}
