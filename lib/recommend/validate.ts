/**
 * Checks on RecommendationInput: every error names the field and the problem, so a judge stage that
 * passes a NaN or a swapped interval learns where at once.
 */
import type { BiasSeverity, IntervalEstimate, LayerEvidence, RecommendationInput } from "./types";

const SEVERITIES: readonly BiasSeverity[] = ["info", "medium", "high"];

function finite(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isFinite(v))
    throw new Error(`${name} must be a finite number, got ${String(v)}`);
  return v;
}

function unit(v: unknown, name: string): number {
  const x = finite(v, name);
  if (x < 0 || x > 1) throw new Error(`${name} must be in [0, 1], got ${x}`);
  return x;
}

function accuracyInterval(e: IntervalEstimate | undefined, name: string): void {
  if (!e || typeof e !== "object") throw new Error(`${name} is missing`);
  const v = unit(e.value, `${name}.value`);
  const lo = unit(e.low, `${name}.low`);
  const hi = unit(e.high, `${name}.high`);
  if (!(lo <= v && v <= hi)) throw new Error(`${name}: need low <= value <= high, got ${lo}, ${v}, ${hi}`);
}

function layer(l: LayerEvidence, i: number): void {
  const at = `layers[${i}]`;
  if (typeof l.layer !== "string" || l.layer.length === 0)
    throw new Error(`${at}.layer must be a non-empty name`);
  unit(l.depth, `${at}.depth`);
  const s = l.shift;
  if (!s) throw new Error(`${at}.shift is missing`);
  finite(s.mmd2, `${at}.shift.mmd2`);
  unit(s.mmdPValue, `${at}.shift.mmdPValue`);
  finite(s.mmdNullMean, `${at}.shift.mmdNullMean`);
  if (finite(s.mmdNullSd, `${at}.shift.mmdNullSd`) < 0) throw new Error(`${at}.shift.mmdNullSd must be >= 0`);
  if (!s.pad) throw new Error(`${at}.shift.pad is missing`);
  const pad = finite(s.pad.value, `${at}.shift.pad.value`);
  if (pad < -2 || pad > 2) throw new Error(`${at}.shift.pad.value must be in [-2, 2], got ${pad}`);
  if (s.pad.low !== undefined && finite(s.pad.low, `${at}.shift.pad.low`) > pad) {
    throw new Error(`${at}.shift.pad.low (${s.pad.low}) exceeds pad.value (${pad})`);
  }
  if (s.pad.high !== undefined && finite(s.pad.high, `${at}.shift.pad.high`) < pad) {
    throw new Error(`${at}.shift.pad.high (${s.pad.high}) is below pad.value (${pad})`);
  }
  unit(s.domainAuc, `${at}.shift.domainAuc`);
  if (finite(s.frechet, `${at}.shift.frechet`) < 0) throw new Error(`${at}.shift.frechet must be >= 0`);
  const ks = finite(s.ksRejects, `${at}.shift.ksRejects`);
  if (!Number.isInteger(ks) || ks < 0)
    throw new Error(`${at}.shift.ksRejects must be a non-negative integer, got ${ks}`);
  if (!l.transfer) throw new Error(`${at}.transfer is missing`);
  accuracyInterval(l.transfer.linearProbe, `${at}.transfer.linearProbe`);
  const n = finite(l.transfer.linearProbe.n, `${at}.transfer.linearProbe.n`);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${at}.transfer.linearProbe.n must be a positive integer, got ${n}`);
  accuracyInterval(l.transfer.knn, `${at}.transfer.knn`);
  for (const k of ["logme", "hscore", "leep"] as const) {
    if (l.transfer[k] !== undefined) finite(l.transfer[k], `${at}.transfer.${k}`);
  }
  if (!l.random) throw new Error(`${at}.random is missing`);
  accuracyInterval(l.random.linearProbe, `${at}.random.linearProbe`);
  if (l.random.knn !== undefined) accuracyInterval(l.random.knn, `${at}.random.knn`);
  if (l.random.logme !== undefined) finite(l.random.logme, `${at}.random.logme`);
}

export function validateInput(input: RecommendationInput): void {
  if (!input || typeof input !== "object") throw new Error("input must be an object");
  const t = input.target;
  if (!t) throw new Error("target is missing");
  const n = finite(t.n, "target.n");
  if (!Number.isInteger(n) || n < 1) throw new Error(`target.n must be a positive integer, got ${n}`);
  if (!t.perClass || typeof t.perClass !== "object") throw new Error("target.perClass is missing");
  const counts = Object.entries(t.perClass);
  if (counts.length < 2) throw new Error(`target.perClass: need at least 2 classes, got ${counts.length}`);
  let sum = 0;
  for (const [k, c] of counts) {
    finite(c, `target.perClass.${k}`);
    if (!Number.isInteger(c) || c < 0)
      throw new Error(`target.perClass.${k} must be a non-negative integer, got ${c}`);
    sum += c;
  }
  if (sum !== n) throw new Error(`target.perClass sums to ${sum}, target.n is ${n}`);
  if (t.classes !== counts.length) {
    throw new Error(`target.classes is ${t.classes} but target.perClass has ${counts.length} classes`);
  }
  unit(input.chance, "chance");
  if (!Array.isArray(input.layers) || input.layers.length === 0)
    throw new Error("layers: need at least one layer");
  const names = new Set<string>();
  input.layers.forEach((l, i) => {
    layer(l, i);
    if (names.has(l.layer)) throw new Error(`layers[${i}].layer '${l.layer}' appears twice`);
    names.add(l.layer);
  });
  const b = input.bias;
  if (!b || !Array.isArray(b.warnings)) throw new Error("bias.warnings must be an array");
  if (!SEVERITIES.includes(b.highestSeverity)) {
    throw new Error(`bias.highestSeverity must be info, medium or high, got ${String(b.highestSeverity)}`);
  }
  b.warnings.forEach((w, i) => {
    if (!SEVERITIES.includes(w.severity))
      throw new Error(`bias.warnings[${i}].severity: ${String(w.severity)}`);
    if (typeof w.title !== "string" || typeof w.message !== "string") {
      throw new Error(`bias.warnings[${i}] needs a title and a message`);
    }
  });
}
