/**
 * Distances between two discrete distributions over the same groups.
 *
 * - Total variation distance: TVD(p, q) = ½ Σ |p_i − q_i|, in [0, 1]: the largest difference in
 *   probability the two distributions give any set of groups.
 * - Jensen-Shannon divergence, base 2 (Lin 1991, IEEE Trans. Inf. Theory 37:145-151):
 *   JS(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q)/2, KL with log₂, in [0, 1]; terms with
 *   p_i = 0 contribute 0 (the limit of x log x).
 */

function validatePair(p: ReadonlyArray<number>, q: ReadonlyArray<number>, fn: string): void {
  if (p.length !== q.length) throw new Error(`${fn}: p has ${p.length} entries but q has ${q.length}`);
  if (p.length === 0) throw new Error(`${fn}: distributions are empty`);
  for (const [d, name] of [
    [p, "p"],
    [q, "q"],
  ] as const) {
    let s = 0;
    d.forEach((v, i) => {
      if (!Number.isFinite(v) || v < 0)
        throw new Error(`${fn} ${name}[${i}]: must be a finite share >= 0, got ${v}`);
      s += v;
    });
    if (Math.abs(s - 1) > 1e-9) throw new Error(`${fn} ${name}: shares must sum to 1, got ${s}`);
  }
}

export function totalVariation(p: ReadonlyArray<number>, q: ReadonlyArray<number>): number {
  validatePair(p, q, "totalVariation");
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i]! - q[i]!);
  return s / 2;
}

function klToMixture(p: ReadonlyArray<number>, m: ReadonlyArray<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) s += p[i]! * Math.log2(p[i]! / m[i]!);
  return s;
}

export function jensenShannon(p: ReadonlyArray<number>, q: ReadonlyArray<number>): number {
  validatePair(p, q, "jensenShannon");
  const m = p.map((v, i) => (v + q[i]!) / 2);
  // Clamp tiny negative rounding; the value is in [0, 1] by construction.
  return Math.min(1, Math.max(0, 0.5 * klToMixture(p, m) + 0.5 * klToMixture(q, m)));
}

/** Shares from counts (throws when the total is zero). */
export function sharesFromCounts(counts: ReadonlyArray<number>, field: string): number[] {
  const total = counts.reduce((s, v) => s + v, 0);
  if (!(total > 0)) throw new Error(`${field}: no counted values (total is ${total})`);
  return counts.map((c) => c / total);
}
