/**
 * Source-model class probabilities, for methods that read the pretrained classifier's output on the
 * target data: BBSD (Lipton et al., "Detecting and Correcting for Label Shift with Black Box
 * Predictors", ICML 2018) and LEEP (Nguyen et al., "LEEP: A New Measure to Evaluate Transferability of
 * Learned Representations", ICML 2020). Works with any engine whose model ends in a softmax.
 */
import type { EmbeddingEngine } from "./types";

export interface HeadProbabilities {
  /** Number of source classes. */
  classes: number;
  /** N x classes row-major; each row sums to 1 (up to float32 rounding). */
  data: Float32Array;
}

/** Softmax output of `engine`'s classification head for n images. Throws when the model has none. */
export async function headProbabilities(
  engine: EmbeddingEngine,
  batch: Float32Array,
  n: number,
): Promise<HeadProbabilities> {
  if (!engine.head) throw new Error("headProbabilities: the model has no softmax classification head");
  const out = (await engine.extract(batch, n, [engine.head.layer])).get(engine.head.layer)!;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < out.dim; j++) s += out.data[i * out.dim + j]!;
    // A softmax row sums to 1; anything far off means the "head" is not a probability layer.
    if (!(Math.abs(s - 1) < 1e-3)) {
      throw new Error(`headProbabilities: row ${i} of layer '${engine.head.layer}' sums to ${s}, not 1`);
    }
  }
  return { classes: out.dim, data: out.data };
}
