/**
 * Classification scores: accuracy, balanced accuracy (mean per-class recall; Brodersen et al.,
 * ICPR 2010) and ROC AUC via the Mann-Whitney U statistic with mid-ranks for ties
 * (Hanley & McNeil, Radiology 1982): AUC = (R1 - n1 (n1 + 1) / 2) / (n1 n0), R1 = rank sum of positives.
 */

function checkPair(y: ArrayLike<number>, other: ArrayLike<number>, fn: string, otherName: string): void {
  if (y.length !== other.length) {
    throw new Error(`${fn}: y has ${y.length} entries but ${otherName} has ${other.length}`);
  }
  if (y.length === 0) throw new Error(`${fn}: empty input`);
}

/** Fraction of rows where predicted equals y. */
export function accuracy(y: Int32Array, predicted: Int32Array): number {
  checkPair(y, predicted, "accuracy", "predicted");
  let hit = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === predicted[i]) hit++;
  return hit / y.length;
}

/** Mean over the classes present in y of the recall of that class. */
export function balancedAccuracy(y: Int32Array, predicted: Int32Array): number {
  checkPair(y, predicted, "balancedAccuracy", "predicted");
  const total = new Map<number, number>();
  const hit = new Map<number, number>();
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    total.set(c, (total.get(c) ?? 0) + 1);
    if (predicted[i] === c) hit.set(c, (hit.get(c) ?? 0) + 1);
  }
  let sum = 0;
  for (const [c, n] of total) sum += (hit.get(c) ?? 0) / n;
  return sum / total.size;
}

/** ROC AUC of `score` for the positive class (yBinary === 1) against the negatives (=== 0). */
export function rocAuc(yBinary: Int32Array, score: Float64Array): number {
  checkPair(yBinary, score, "rocAuc", "score");
  const n = yBinary.length;
  let n1 = 0;
  for (let i = 0; i < n; i++) {
    const v = yBinary[i];
    if (v !== 0 && v !== 1) throw new Error(`rocAuc yBinary: value ${v} at index ${i}; expected 0 or 1`);
    if (!Number.isFinite(score[i]!))
      throw new Error(`rocAuc score: non-finite value ${score[i]} at index ${i}`);
    n1 += v;
  }
  const n0 = n - n1;
  if (n1 === 0 || n0 === 0)
    throw new Error(`rocAuc yBinary: needs both classes, got ${n1} positive and ${n0} negative`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  // Sum of mid-ranks (1-based) of the positives.
  let r1 = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && score[order[end]!] === score[order[start]!]) end++;
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (yBinary[order[k]!] === 1) r1 += midRank;
    start = end;
  }
  return (r1 - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}
