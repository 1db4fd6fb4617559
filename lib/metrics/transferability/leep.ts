/**
 * LEEP, Log Expected Empirical Prediction (Nguyen, Hassner, Seeger & Archambeau, "LEEP: A New
 * Measure to Evaluate Transferability of Learned Representations", ICML 2020, eq. 1-2).
 * From the source model's class probabilities theta(x_i) over Z source classes and target labels y_i:
 *   P(y, z) = (1/N) sum_{i: y_i = y} theta(x_i)_z,   P(y | z) = P(y, z) / sum_y' P(y', z),
 *   LEEP = (1/N) sum_i log( sum_z P(y_i | z) theta(x_i)_z )   <= 0.
 * 0 when theta is one-hot and each source class maps to one target label; log(1/C) for uniform theta
 * and balanced target classes (the label marginal is all that is left). Source classes that no
 * sample gives any mass contribute nothing and are skipped.
 */
import { checkLabels } from "@/lib/metrics/classifiers/validate";
import type { Matrix } from "@/lib/metrics/matrix";
import { checkSourceProbs } from "./source-probs";

export function leep(sourceProbs: Matrix, labels: Int32Array): number {
  const n = labels.length;
  checkSourceProbs(sourceProbs, n, "leep sourceProbs");
  const { classes } = checkLabels(labels, n, "leep labels");
  return leepOfRows(sourceProbs.data, sourceProbs.cols, labels, classes);
}

/**
 * LEEP over the rows `rows` (default all; repeats allowed, as in a bootstrap replicate) of
 * already-checked inputs, without copying the N x Z probabilities.
 */
export function leepOfRows(
  theta: ArrayLike<number>,
  Z: number,
  labels: Int32Array,
  C: number,
  rows?: Int32Array,
): number {
  const n = rows ? rows.length : labels.length;
  const at = (k: number) => (rows ? rows[k]! : k);
  const joint = new Float64Array(C * Z); // unnormalised: N * P(y, z)
  for (let k = 0; k < n; k++) {
    const i = at(k);
    const o = labels[i]! * Z;
    for (let z = 0; z < Z; z++) joint[o + z]! += theta[i * Z + z]!;
  }
  const cond = new Float64Array(C * Z); // P(y | z)
  for (let z = 0; z < Z; z++) {
    let m = 0;
    for (let y = 0; y < C; y++) m += joint[y * Z + z]!;
    if (m > 0) for (let y = 0; y < C; y++) cond[y * Z + z] = joint[y * Z + z]! / m;
  }
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const i = at(k);
    const o = labels[i]! * Z;
    let eep = 0;
    for (let z = 0; z < Z; z++) eep += cond[o + z]! * theta[i * Z + z]!;
    sum += Math.log(eep);
  }
  return sum / n;
}
