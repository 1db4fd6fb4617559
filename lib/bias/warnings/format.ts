/** Wording shared by the warning builders: percentages, intervals, and the attribute's provenance. */
import type { AttributeMeta, CountShare } from "../types";

export function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

export function num(x: number | null, digits = 2): string {
  return x === null ? "undefined" : x.toFixed(digits);
}

export function interval(lower: number | null, upper: number | null, asPct = false): string {
  const f = (v: number | null) => (v === null ? "undefined" : asPct ? pct(v) : v.toFixed(2));
  return `95 % CI ${f(lower)} to ${f(upper)}`;
}

/** "123 of 1,000 (12.3 %, 95 % CI 10.3 % to 14.5 %)" */
export function countText(c: CountShare): string {
  return `${c.count.toLocaleString("en-US")} of ${c.n.toLocaleString("en-US")} (${pct(c.share)}, ${interval(c.lower, c.upper, true)})`;
}

/** The attribute named with its provenance: `"gender" (inferred by X, not recorded)`. */
export function attributeText(meta: AttributeMeta): string {
  return meta.inferredBy
    ? `"${meta.attribute}" (inferred by ${meta.inferredBy}, not recorded)`
    : `"${meta.attribute}"`;
}

/** Provenance fields copied onto each warning. */
export function meta(m: AttributeMeta): AttributeMeta {
  return { attribute: m.attribute, ...(m.inferredBy ? { inferredBy: m.inferredBy } : {}) };
}

/** Caveat appended to every sentence that rests on an inferred attribute. */
export function inferredCaveat(m: AttributeMeta): string {
  return m.inferredBy
    ? ` The groups come from ${m.inferredBy}'s guesses, which can be wrong and more often for some groups than others; treat this as an estimate about the data, not a fact about any person.`
    : "";
}

export const NO_DECISIONS =
  "Do not use these features for a decision about people without a per-group evaluation on data representative of the people concerned.";
