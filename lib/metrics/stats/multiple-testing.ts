/**
 * Adjusted p-values for a family of tests, same results as R's `p.adjust`.
 *
 * - Benjamini & Hochberg (1995, JRSS B 57:289-300), false discovery rate: with p sorted ascending,
 *   p_adj(i) = min_{k ≥ i} min(1, m / k · p(k)).
 * - Holm (1979, Scand. J. Statist. 6:65-70), family-wise error rate, uniformly more powerful than
 *   Bonferroni: p_adj(i) = max_{k ≤ i} min(1, (m − k + 1) · p(k)).
 * Both return the adjusted values in the input order.
 */

function validate(p: ReadonlyArray<number>, fn: string): void {
  p.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new Error(`${fn} p[${i}]: must be in [0, 1], got ${v}`);
  });
}

function order(p: ReadonlyArray<number>): number[] {
  return p.map((_, i) => i).sort((i, j) => p[i]! - p[j]! || i - j);
}

export function benjaminiHochberg(p: ReadonlyArray<number>): number[] {
  validate(p, "benjaminiHochberg");
  const m = p.length;
  const idx = order(p);
  const out = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = idx[r]!;
    running = Math.min(running, (m / (r + 1)) * p[i]!);
    out[i] = Math.min(1, running);
  }
  return out;
}

export function holm(p: ReadonlyArray<number>): number[] {
  validate(p, "holm");
  const m = p.length;
  const idx = order(p);
  const out = new Array<number>(m);
  let running = 0;
  for (let r = 0; r < m; r++) {
    const i = idx[r]!;
    running = Math.max(running, Math.min(1, (m - r) * p[i]!));
    out[i] = running;
  }
  return out;
}

export type Adjustment = "bh" | "holm";

export function adjustPValues(p: ReadonlyArray<number>, method: Adjustment): number[] {
  return method === "bh" ? benjaminiHochberg(p) : holm(p);
}
