/** Input checks shared by the shift metrics: clear errors that name the argument and the problem. */
import { assertFinite, type Matrix } from "@/lib/metrics/matrix";

/** One sample: at least `minRows` rows, at least one column, consistent data length, finite values. */
export function checkSample(m: Matrix, name: string, fn: string, minRows = 2): void {
  if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.data.length !== m.rows * m.cols) {
    throw new Error(`${fn}: ${name} data has ${m.data.length} values for ${m.rows} x ${m.cols}`);
  }
  if (m.rows < minRows) throw new Error(`${fn}: ${name} needs at least ${minRows} rows, got ${m.rows}`);
  if (m.cols < 1) throw new Error(`${fn}: ${name} has no columns`);
  assertFinite(m, `${fn}: ${name}`);
}

/** Two samples of the same dimension, each checked by `checkSample`. */
export function checkPair(
  source: Matrix,
  target: Matrix,
  fn: string,
  names: readonly [string, string] = ["source", "target"],
): void {
  checkSample(source, names[0], fn);
  checkSample(target, names[1], fn);
  if (source.cols !== target.cols) {
    throw new Error(`${fn}: ${names[0]} has ${source.cols} columns but ${names[1]} has ${target.cols}`);
  }
}

/** An integer option within bounds, or the default. */
export function intOption(value: number | undefined, fallback: number, name: string, min: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer >= ${min}, got ${v}`);
  return v;
}
