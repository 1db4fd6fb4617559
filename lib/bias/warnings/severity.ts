/** Severity rules shared by the warning builders; the numbers come from ../thresholds.ts. */
import type { Severity } from "./types";

const RANK: Record<Severity, number> = { info: 0, medium: 1, high: 2 };

export function maxSeverity(...s: Severity[]): Severity {
  return s.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), "info");
}

/**
 * A ratio against an acceptable band [low, high]: info inside the band; high when the whole 95 %
 * interval lies outside it on the same side; medium when only the estimate does (or a bound is
 * undefined).
 */
export function bandSeverity(
  estimate: number,
  lower: number | null,
  upper: number | null,
  low: number,
  high: number,
): Severity {
  if (estimate >= low && estimate <= high) return "info";
  if (estimate < low && upper !== null && upper < low) return "high";
  if (estimate > high && lower !== null && lower > high) return "high";
  return "medium";
}

/** Severity from a lower confidence bound against two cut-offs (medium, high). */
export function lowerBoundSeverity(lower: number, medium: number, high: number): Severity {
  if (lower > high) return "high";
  if (lower > medium) return "medium";
  return "info";
}
