/**
 * Checks for the source head's class probabilities theta(x) (N x Z, rows on the simplex) that
 * LEEP and NCE take.
 */
import { assertFinite, type Matrix } from "@/lib/metrics/matrix";

/** Rows must be non-negative and sum to 1 within 1e-3 (float32 softmax outputs do; logits do not). */
export function checkSourceProbs(theta: Matrix, n: number, name: string): void {
  if (theta.rows !== n) throw new Error(`${name}: ${theta.rows} rows but ${n} labels`);
  if (theta.cols < 1) throw new Error(`${name}: no columns`);
  if (theta.data.length !== theta.rows * theta.cols) {
    throw new Error(`${name}: data has ${theta.data.length} values, expected ${theta.rows} x ${theta.cols}`);
  }
  assertFinite(theta, name);
  const Z = theta.cols;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let z = 0; z < Z; z++) {
      const v = theta.data[i * Z + z]!;
      if (v < 0) throw new Error(`${name}: negative probability ${v} at row ${i}, column ${z}`);
      s += v;
    }
    if (Math.abs(s - 1) > 1e-3) {
      throw new Error(`${name}: row ${i} sums to ${s}, not 1; pass softmax probabilities, not logits`);
    }
  }
}
