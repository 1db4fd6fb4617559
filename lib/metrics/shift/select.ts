/**
 * Selection without a full sort: the median of the N(N-1)/2 pairwise distances that sets the MMD
 * kernel bandwidth (8 million values at N = 4000) in expected linear time.
 */

/**
 * Rearranges `a` so that a[k] is the k-th smallest value (0-based), everything before it is <= a[k]
 * and everything after it is >= a[k]; returns a[k]. Hoare's FIND (Hoare 1961, CACM Algorithm 65) with
 * a median-of-three pivot; Hoare partitioning keeps runs of equal values balanced.
 */
export function selectKth(a: Float64Array, k: number): number {
  if (!(k >= 0 && k < a.length) || !Number.isInteger(k)) {
    throw new Error(`selectKth: k = ${k} outside 0..${a.length - 1}`);
  }
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    // Median of three as the pivot value.
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot, a[i..hi] >= pivot, and a[j+1..i-1] == pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Median (mean of the two middle values when the count is even). Reorders `a`. */
export function medianInPlace(a: Float64Array): number {
  const len = a.length;
  if (len === 0) throw new Error("medianInPlace: no values");
  const k = (len - 1) >> 1;
  const lower = selectKth(a, k);
  if (len % 2 === 1) return lower;
  // After selection every value right of k is >= a[k]; the upper middle is their minimum.
  let upper = Number.POSITIVE_INFINITY;
  for (let i = k + 1; i < len; i++) if (a[i]! < upper) upper = a[i]!;
  return (lower + upper) / 2;
}
