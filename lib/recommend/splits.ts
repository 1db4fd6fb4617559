/**
 * Seeded, stratified index splits for the verification experiments: a held-out test split, nested
 * training subsets (the 5 % subset is inside the 20 % one, which is inside the full training split,
 * so a learning curve compares more data with the same data plus more, not with different data), and
 * a validation part of each subset for early stopping.
 *
 * Within each class the samples are put in one seeded random order once; every split below takes a
 * prefix of that order. Per class c with m_c samples:
 *   test:        the first round(testFraction * m_c) (at least 1), the rest is the training pool;
 *   fraction f:  the first max(minPerClass, round(f * pool_c)) of the pool (capped at pool_c);
 *   validation:  the first max(1, round(validationFraction * k_c)) of the k_c subset samples.
 */
import { createRng, shuffleInPlace } from "@/lib/metrics/stats/rng";

/** Indices of each class, in ascending sample order. Throws on labels outside 0..classes-1. */
export function indicesByClass(y: Int32Array, classes: number, name = "y"): number[][] {
  if (!Number.isInteger(classes) || classes < 2)
    throw new Error(`${name}: need at least 2 classes, got ${classes}`);
  const out: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new Error(`${name}[${i}] = ${c} is not a class index in 0..${classes - 1}`);
    }
    out[c]!.push(i);
  }
  out.forEach((idx, c) => {
    if (idx.length === 0) throw new Error(`${name}: class ${c} has no samples`);
  });
  return out;
}

/** Each class's indices in a seeded random order (one stream per split, so splits are reproducible). */
export function shuffledByClass(y: Int32Array, classes: number, seed: number, name = "y"): number[][] {
  const rng = createRng(seed);
  return indicesByClass(y, classes, name).map((idx) => shuffleInPlace(idx.slice(), rng));
}

function fraction(value: number, name: string, open = false): number {
  const ok = open ? value > 0 && value < 1 : value > 0 && value <= 1;
  if (!Number.isFinite(value) || !ok)
    throw new Error(`${name} must be in ${open ? "(0, 1)" : "(0, 1]"}, got ${value}`);
  return value;
}

export interface TestSplit {
  /** Training pool per class, in the seeded order (prefixes of it form the nested subsets). */
  poolByClass: number[][];
  /** Held-out test indices, ascending. */
  test: Int32Array;
}

/** Stratified held-out split: every class keeps at least one test and two pool samples. */
export function stratifiedTestSplit(
  y: Int32Array,
  classes: number,
  testFraction: number,
  seed: number,
): TestSplit {
  fraction(testFraction, "testFraction", true);
  const byClass = shuffledByClass(y, classes, seed);
  const test: number[] = [];
  const poolByClass = byClass.map((idx, c) => {
    const t = Math.max(1, Math.round(testFraction * idx.length));
    if (idx.length - t < 2) {
      throw new Error(
        `y: class ${c} has ${idx.length} samples; need at least ${t + 2} (test ${t}, train 1, validation 1)`,
      );
    }
    test.push(...idx.slice(0, t));
    return idx.slice(t);
  });
  return { poolByClass, test: Int32Array.from(test).sort() };
}

export interface TrainValidation {
  train: Int32Array;
  validation: Int32Array;
}

/**
 * The subset for training fraction `f` of the pool, divided into training and validation parts.
 * Every class keeps at least `minPerClass` samples (default 2: one to train, one to validate).
 */
export function fractionSubset(
  poolByClass: readonly (readonly number[])[],
  f: number,
  validationFraction: number,
  minPerClass = 2,
): TrainValidation {
  fraction(f, "fraction");
  fraction(validationFraction, "validationFraction", true);
  const train: number[] = [];
  const validation: number[] = [];
  poolByClass.forEach((pool, c) => {
    const k = Math.min(pool.length, Math.max(minPerClass, Math.round(f * pool.length)));
    if (k < 2)
      throw new Error(`fraction ${f}: class ${c} gets ${k} sample(s); need 2 (train and validation)`);
    const v = Math.min(k - 1, Math.max(1, Math.round(validationFraction * k)));
    validation.push(...pool.slice(0, v));
    train.push(...pool.slice(v, k));
  });
  return { train: Int32Array.from(train).sort(), validation: Int32Array.from(validation).sort() };
}

/** Rows `idx` of an n x d row-major array. */
export function gatherRows(src: Float32Array, d: number, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length * d);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    out.set(src.subarray(i * d, (i + 1) * d), k * d);
  }
  return out;
}

export function gatherLabels(y: Int32Array, idx: ArrayLike<number>): Int32Array {
  const out = new Int32Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = y[idx[k]!]!;
  return out;
}
