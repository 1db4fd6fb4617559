/** Number formatting for the reason sentences (two decimals for accuracies, en dash for intervals). */

export function f2(x: number): string {
  return x.toFixed(2);
}

/** "0.93 (95 % CI 0.91–0.95)" */
export function withCi(value: number, low: number, high: number): string {
  return `${f2(value)} (95 % CI ${f2(low)}–${f2(high)})`;
}

export function pct(x: number): string {
  return `${Math.round(x * 100)} %`;
}

/** A count in words-friendly form: 1234 -> "1,234". */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en");
}

/** Signed two-decimal number: "+0.05", "-0.02". */
export function signed(x: number): string {
  return `${x >= 0 ? "+" : "-"}${Math.abs(x).toFixed(2)}`;
}
