/**
 * Pairwise squared Euclidean distances of the pooled sample (source rows first, then target rows)
 * from one Gram product: ||z_i - z_j||² = ||z_i||² + ||z_j||² - 2 z_i·z_j, clamped at 0.
 *
 * Float32 products (`../gemm.ts`: ONNX Runtime, else TF.js): the columns are centred on the pooled
 * mean first (distances are translation invariant), which shrinks the norms and hence the
 * cancellation error of the expansion to about 1e-6 of the typical squared distance. The norms are
 * summed in float64. The diagonal is set to exactly 0 and the result made exactly symmetric.
 */

import { matmul, transposed } from "@/lib/metrics/gemm";
import type { Matrix } from "@/lib/metrics/matrix";

function centredFloat32(m: Matrix, mean: Float64Array): Float32Array {
  const d = m.cols;
  const out = new Float32Array(m.rows * d);
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < d; j++) out[i * d + j] = m.data[i * d + j]! - mean[j]!;
  return out;
}

export async function pooledSquaredDistances(source: Matrix, target: Matrix): Promise<Float32Array> {
  const n = source.rows;
  const m = target.rows;
  const d = source.cols;
  const total = n + m;
  const mean = new Float64Array(d);
  for (const x of [source, target]) {
    for (let i = 0; i < x.rows; i++) for (let j = 0; j < d; j++) mean[j]! += x.data[i * d + j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= total;
  const z = new Float32Array(total * d);
  z.set(centredFloat32(source, mean), 0);
  z.set(centredFloat32(target, mean), n * d);
  const norms = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += z[i * d + j]! * z[i * d + j]!;
    norms[i] = s;
  }
  const out = await matmul(z, transposed(z, total, d), total, d, total);
  for (let i = 0; i < total; i++) {
    const row = i * total;
    out[row + i] = 0;
    for (let j = i + 1; j < total; j++) {
      // Average the two float32 dot products so that d2 is exactly symmetric.
      const dot = 0.5 * (out[row + j]! + out[j * total + i]!);
      const v = Math.max(0, norms[i]! + norms[j]! - 2 * dot);
      if (!Number.isFinite(v)) {
        throw new Error("pooledSquaredDistances: squared distances overflow float32; rescale the features");
      }
      out[row + j] = v;
      out[j * total + i] = v;
    }
  }
  return out;
}
