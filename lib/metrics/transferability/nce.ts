/**
 * NCE, Negative Conditional Entropy (Tran, Nguyen & Hassner, "Transferability and Hardness of
 * Supervised Classification Tasks", ICCV 2019): with the source head's most probable class
 * z_i = argmax theta(x_i) as the source label,
 *   NCE = -H(Y | Z) = sum_{y,z} P(y, z) log P(y | z)     (empirical joint of (y_i, z_i))   <= 0.
 * 0 when the source label determines the target label; -H(Y) when they are independent.
 * Ties in the argmax go to the lowest source class.
 */
import { checkLabels } from "@/lib/metrics/classifiers/validate";
import type { Matrix } from "@/lib/metrics/matrix";
import { checkSourceProbs } from "./source-probs";

/** NCE from hard source labels z_i (0..Z-1) and target labels. */
export function nceFromSourceLabels(
  sourceLabels: Int32Array,
  labels: Int32Array,
  sourceClasses: number,
): number {
  const n = labels.length;
  if (sourceLabels.length !== n)
    throw new Error(`nce sourceLabels: length ${sourceLabels.length}, labels have ${n}`);
  const { classes: C } = checkLabels(labels, n, "nce labels");
  const joint = new Float64Array(C * sourceClasses);
  const zCount = new Float64Array(sourceClasses);
  for (let i = 0; i < n; i++) {
    const z = sourceLabels[i]!;
    if (z < 0 || z >= sourceClasses)
      throw new Error(`nce sourceLabels: ${z} at index ${i} outside 0..${sourceClasses - 1}`);
    joint[labels[i]! * sourceClasses + z]!++;
    zCount[z]!++;
  }
  let sum = 0;
  for (let y = 0; y < C; y++) {
    for (let z = 0; z < sourceClasses; z++) {
      const k = joint[y * sourceClasses + z]!;
      if (k > 0) sum += (k / n) * Math.log(k / zCount[z]!);
    }
  }
  return sum;
}

/** The source head's most probable class per row (lowest index on ties). */
export function sourceArgmax(sourceProbs: Matrix): Int32Array {
  const Z = sourceProbs.cols;
  const z = new Int32Array(sourceProbs.rows);
  for (let i = 0; i < sourceProbs.rows; i++) {
    let best = 0;
    for (let k = 1; k < Z; k++) if (sourceProbs.data[i * Z + k]! > sourceProbs.data[i * Z + best]!) best = k;
    z[i] = best;
  }
  return z;
}

/** NCE from the source head's probabilities (N x Z) and target labels. */
export function nce(sourceProbs: Matrix, labels: Int32Array): number {
  checkSourceProbs(sourceProbs, labels.length, "nce sourceProbs");
  return nceFromSourceLabels(sourceArgmax(sourceProbs), labels, sourceProbs.cols);
}
