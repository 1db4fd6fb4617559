/**
 * How numbers read in the dashboard: every estimate with its 95 % interval and the sample size
 * behind it, p-values only after an effect size, shares as percentages. Pure string functions,
 * shared by the report page, the share page and the PDF (which is the same page printed).
 * (format.ts beside it serves the Markdown export.)
 */

const DASH = "–";
const NBSP = " ";

function finite(x: number | null | undefined): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/**
 * A number with `digits` decimals that stays readable: fixed decimals for |x| ≥ 10^-(digits+1),
 * scientific notation below (an MMD² of 3e-5 must not print as "0.00").
 */
export function fmt(x: number | null | undefined, digits = 2): string {
  if (!finite(x)) return "n/a";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a < 10 ** -(digits + 1)) return x.toExponential(1);
  if (a >= 1e5) return x.toExponential(2);
  return x.toFixed(digits);
}

/** A share in [0, 1] as a percentage: 0.123 -> "12.3 %". */
export function pct(x: number | null | undefined, digits = 1): string {
  if (!finite(x)) return "n/a";
  return `${(x * 100).toFixed(digits)}${NBSP}%`;
}

/** Sample sizes as "n = 1,200" or "n = 500 source, 480 target". */
export function fmtN(n: number | Record<string, number> | null | undefined): string {
  if (n === null || n === undefined) return "";
  if (typeof n === "number") return `n${NBSP}=${NBSP}${n.toLocaleString("en")}`;
  const parts = Object.entries(n)
    .filter(([k, v]) => k !== "classes" && finite(v))
    .map(([k, v]) => `${v.toLocaleString("en")} ${k}`);
  return parts.length ? `n${NBSP}=${NBSP}${parts.join(", ")}` : "";
}

export interface IntervalOptions {
  digits?: number;
  /** Format as percentages. */
  percent?: boolean;
  n?: number | Record<string, number> | null;
}

/**
 * "0.93 (95 % CI 0.91–0.95; n = 1,200)". Without an interval the value stands alone and says so,
 * so a reader never mistakes a point estimate for a certain one (a whole count needs no such
 * note). With a negative bound the range reads "−0.40 to −0.20" rather than "-0.40–-0.20".
 */
export function withInterval(
  value: number | null | undefined,
  low: number | null | undefined,
  high: number | null | undefined,
  opts: IntervalOptions = {},
): string {
  const f = (x: number | null | undefined) =>
    opts.percent ? pct(x, opts.digits ?? 1) : fmt(x, opts.digits ?? 2);
  if (!finite(value)) return "n/a";
  const n = fmtN(opts.n);
  if (!(finite(low) && finite(high))) {
    if (Number.isInteger(value) && !opts.percent) {
      // A count: 300, not "300.00 (no interval)".
      const c = value.toLocaleString("en");
      return n && opts.n !== value ? `${c} (${n})` : c;
    }
    return `${f(value)} (no interval${n ? `; ${n}` : ""})`;
  }
  const sep = low < 0 || high < 0 ? " to " : DASH;
  return `${f(value)} (95${NBSP}% CI ${f(low)}${sep}${f(high)}${n ? `; ${n}` : ""})`;
}

/** A p-value as read: "p < 0.001", "p = 0.034"; never "p = 0". */
export function fmtP(p: number | null | undefined): string {
  if (!finite(p)) return "p n/a";
  if (p < 0.001) return "p < 0.001";
  if (p > 0.999) return "p > 0.999";
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/**
 * An effect with its test: the effect first, the p-value after it ("MMD² 0.012, 8.1 null SDs above
 * chance; p < 0.001"), so a tiny but "significant" effect reads as tiny.
 */
export function effectThenP(effect: string, p: number | null | undefined): string {
  return finite(p) ? `${effect}; ${fmtP(p)}` : effect;
}

/** Seconds as "45 s", "3 min 20 s", "1 h 05 min". */
export function fmtDuration(seconds: number | null | undefined): string {
  if (!finite(seconds) || seconds < 0) return "unknown";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** A date as an unambiguous UTC timestamp: "2025-03-01 14:05 UTC". */
export function fmtDate(iso: string | Date | null | undefined): string {
  if (!iso) return "";
  const d = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return "";
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Keys in prose: "fine_tune" -> "fine tune". */
export function humanize(key: string): string {
  return key.replace(/_/g, " ");
}
