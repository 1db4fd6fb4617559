/** Number formatting shared by the report page, Markdown and PDF: a number is never shown without its interval. */

export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  if (x !== 0 && (Math.abs(x) >= 1e5 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return x.toFixed(digits).replace(/\.?0+$/, (m) => (m.startsWith(".") ? "" : m));
}

export function withInterval(
  value: number | null | undefined,
  low?: number | null,
  high?: number | null,
  digits = 3,
): string {
  const v = fmt(value, digits);
  if (low === null || low === undefined || high === null || high === undefined) return v;
  return `${v} (95 % CI ${fmt(low, digits)}–${fmt(high, digits)})`;
}

export function pct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  return `${(x * 100).toFixed(digits)} %`;
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return "—";
  if (p < 1e-4) return "p < 0.0001";
  return `p = ${p.toFixed(4)}`;
}
