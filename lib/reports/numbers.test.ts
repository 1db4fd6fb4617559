import { describe, expect, it } from "vitest";
import { effectThenP, fmt, fmtDate, fmtDuration, fmtN, fmtP, pct, withInterval } from "./numbers";

// Expected strings are worked out by hand from the rules in the doc comments of numbers.ts.
describe("numbers", () => {
  it("keeps small numbers readable instead of rounding them to zero", () => {
    expect(fmt(0.934)).toBe("0.93");
    // 3e-5 < 10^-(2+1): scientific notation with one decimal.
    expect(fmt(0.00003)).toBe("3.0e-5");
    expect(fmt(0)).toBe("0");
    expect(fmt(2)).toBe("2.00");
    expect(fmt(Number.NaN)).toBe("n/a");
    expect(fmt(null)).toBe("n/a");
  });

  it("writes an estimate with its interval and sample size", () => {
    expect(withInterval(0.93, 0.91, 0.95, { n: 1200 })).toBe("0.93 (95 % CI 0.91–0.95; n = 1,200)");
    // 0.123 * 100 = 12.3
    expect(withInterval(0.123, 0.1, 0.15, { percent: true })).toBe("12.3 % (95 % CI 10.0 %–15.0 %)");
    expect(withInterval(0.5, null, null)).toBe("0.50 (no interval)");
    // A count without an interval is just the count (its n is itself).
    expect(withInterval(300, null, null, { n: 300 })).toBe("300");
    expect(withInterval(1200, null, null)).toBe("1,200");
    expect(withInterval(12, null, null, { n: 400 })).toBe("12 (n = 400)");
    // Negative bounds read with "to", not a dash next to a minus sign.
    expect(withInterval(-0.3, -0.4, -0.2)).toBe("-0.30 (95 % CI -0.40 to -0.20)");
    expect(withInterval(null, 0, 1)).toBe("n/a");
  });

  it("names both sides of a two-sample size and ignores the class count", () => {
    expect(fmtN({ source: 500, target: 480, classes: 5 })).toBe("n = 500 source, 480 target");
    expect(fmtN(undefined)).toBe("");
  });

  it("never prints p = 0 and puts the effect before the p-value", () => {
    expect(fmtP(0)).toBe("p < 0.001");
    expect(fmtP(0.0345)).toBe("p = 0.03");
    expect(fmtP(0.0042)).toBe("p = 0.004");
    expect(effectThenP("TVD 0.12", 0.2)).toBe("TVD 0.12; p = 0.20");
    expect(effectThenP("TVD 0.12", null)).toBe("TVD 0.12");
  });

  it("formats shares, durations and dates", () => {
    expect(pct(0.5)).toBe("50.0 %");
    expect(fmtDuration(45)).toBe("45 s");
    // 200 s = 3 min 20 s; 3900 s = 1 h 5 min
    expect(fmtDuration(200)).toBe("3 min 20 s");
    expect(fmtDuration(3900)).toBe("1 h 05 min");
    expect(fmtDuration(-1)).toBe("unknown");
    expect(fmtDate("2025-03-01T14:05:09.000Z")).toBe("2025-03-01 14:05 UTC");
  });
});
