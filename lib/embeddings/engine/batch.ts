/**
 * Engine-independent checks and bookkeeping for batches: argument validation, splitting a batch across
 * threads, and putting the pieces back in order. Pure functions on plain arrays.
 */
import type { LayerOutput, Pooling } from "./types";

/**
 * Throws unless `batch` holds exactly n finite samples of `inputShape` (images [h, w, c] in NHWC, or
 * vectors [d]). Messages call a sample an "image" when the shape is an image's, a "sample" otherwise.
 */
export function checkBatch(batch: Float32Array, n: number, inputShape: readonly number[]): void {
  if (!(batch instanceof Float32Array)) throw new Error("batch must be a Float32Array");
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a positive integer, got ${n}`);
  if (inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`inputShape must list positive integers, got [${inputShape.join(", ")}]`);
  }
  const per = inputShape.reduce((a, b) => a * b, 1);
  const unit = inputShape.length === 3 ? "image" : "sample";
  if (batch.length !== n * per) {
    throw new Error(
      `batch has ${batch.length} values, expected n x ${inputShape.join(" x ")} = ${n} x ${per} = ${n * per}`,
    );
  }
  for (let i = 0; i < batch.length; i++) {
    const v = batch[i]!;
    // v - v is NaN for NaN and for +-Infinity, 0 otherwise: one comparison per value.
    if (v - v !== 0) {
      throw new Error(`batch[${i}] (${unit} ${Math.floor(i / per)}) is ${v}: inputs must be finite`);
    }
  }
}

/** Throws unless `layers` is a non-empty list of distinct names, each in `known`. */
export function checkLayerNames(layers: readonly string[], known: ReadonlySet<string>, what = "layer"): void {
  if (!Array.isArray(layers) || layers.length === 0)
    throw new Error("layers must list at least one layer name");
  const seen = new Set<string>();
  for (const name of layers) {
    if (typeof name !== "string") throw new Error(`layers: ${String(name)} is not a string`);
    if (seen.has(name)) throw new Error(`layers: '${name}' is listed twice`);
    seen.add(name);
    if (!known.has(name)) {
      throw new Error(
        `layers: '${name}' is not a ${what} of this model (it has ${known.size}; see listLayers())`,
      );
    }
  }
}

export function checkPooling(pooling: unknown): Pooling {
  if (pooling !== "avg" && pooling !== "max") {
    throw new Error(`pooling must be 'avg' or 'max', got ${String(pooling)}`);
  }
  return pooling;
}

/**
 * Split n images into k contiguous parts whose sizes differ by at most one (larger parts first), e.g.
 * n = 5, k = 2 -> [3, 2]. Parts are never empty: k is reduced to n when n < k.
 */
export function splitCounts(n: number, k: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`splitCounts: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`splitCounts: k must be a positive integer, got ${k}`);
  const parts = Math.min(n, k);
  const base = Math.floor(n / parts);
  const extra = n % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * Concatenate per-part outputs (each part's rows in order) into one output per layer. Every part must
 * hold every layer with the same dim.
 */
export function concatOutputs(
  parts: readonly ReadonlyMap<string, LayerOutput>[],
  layers: readonly string[],
): Map<string, LayerOutput> {
  const out = new Map<string, LayerOutput>();
  for (const name of layers) {
    const pieces = parts.map((p, i) => {
      const o = p.get(name);
      if (!o) throw new Error(`concatOutputs: part ${i} has no output for layer '${name}'`);
      return o;
    });
    const dim = pieces[0]!.dim;
    let total = 0;
    for (const [i, o] of pieces.entries()) {
      if (o.dim !== dim)
        throw new Error(`concatOutputs: layer '${name}' has dim ${o.dim} in part ${i}, ${dim} in part 0`);
      total += o.data.length;
    }
    const data = new Float32Array(total);
    let off = 0;
    for (const o of pieces) {
      data.set(o.data, off);
      off += o.data.length;
    }
    out.set(name, { dim, data });
  }
  return out;
}
