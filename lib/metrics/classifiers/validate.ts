/**
 * Input checks shared by every classifier and transferability metric, so degenerate input fails
 * with a message naming the argument instead of producing a silent NaN.
 */
import { assertFinite, type Matrix } from "@/lib/metrics/matrix";

export interface LabelSummary {
  /** Number of classes C (labels are 0..C-1). */
  classes: number;
  /** Samples per class. */
  counts: Int32Array;
}

/** Checks length and sign of labels and counts them; C = largest label + 1, absent classes count 0. */
export function labelCounts(y: Int32Array, n: number, name = "labels"): LabelSummary {
  if (!(y instanceof Int32Array)) throw new Error(`${name}: expected an Int32Array of class indices`);
  if (y.length !== n) throw new Error(`${name}: length ${y.length} does not match ${n} feature rows`);
  if (n === 0) throw new Error(`${name}: empty`);
  let max = -1;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (v < 0) throw new Error(`${name}: negative label ${v} at index ${i}; labels must be 0..C-1`);
    if (v > max) max = v;
  }
  const classes = max + 1;
  const counts = new Int32Array(classes);
  for (let i = 0; i < n; i++) counts[y[i]!]!++;
  return { classes, counts };
}

/** Checks labels 0..C-1 with at least 2 classes and every class present at least `minPerClass` times. */
export function checkLabels(y: Int32Array, n: number, name = "labels", minPerClass = 2): LabelSummary {
  const summary = labelCounts(y, n, name);
  const { classes, counts } = summary;
  if (classes < 2) throw new Error(`${name}: a single class; at least 2 classes are needed`);
  for (let c = 0; c < classes; c++) {
    if (counts[c]! < minPerClass) {
      throw new Error(
        `${name}: class ${c} has ${counts[c]} sample(s); each of the ${classes} classes needs at least ${minPerClass}`,
      );
    }
  }
  return summary;
}

/** Checks a feature matrix: non-empty, consistent shape, finite values. */
export function checkFeatures(X: Matrix, name = "features", minRows = 2): void {
  if (X.rows < minRows) throw new Error(`${name}: ${X.rows} row(s); at least ${minRows} are needed`);
  if (X.cols < 1) throw new Error(`${name}: no columns`);
  if (X.data.length !== X.rows * X.cols) {
    throw new Error(`${name}: data has ${X.data.length} values, expected ${X.rows} x ${X.cols}`);
  }
  assertFinite(X, name);
}

/** Checks a positive integer option, falling back to a default when undefined. */
export function intOption(value: number | undefined, fallback: number, name: string, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new Error(`${name}: expected an integer >= ${min}, got ${v}`);
  return v;
}
