import { describe, expect, it } from "vitest";
import { TokenBuckets } from "./rate-limit";

describe("TokenBuckets", () => {
  it("refuses once the bucket is empty and refills at the stated rate", () => {
    let t = 0;
    const b = new TokenBuckets({ capacity: 3, refillPerSecond: 0.5, now: () => t });
    // Capacity 3: three requests pass, the fourth is refused.
    expect([b.take("ip"), b.take("ip"), b.take("ip"), b.take("ip")]).toEqual([true, true, true, false]);
    // 0.5 token/s: after 1 s the bucket holds 0.5 (< 1), after 2 s exactly 1.
    t = 1000;
    expect(b.take("ip")).toBe(false);
    t = 2000;
    expect(b.take("ip")).toBe(true);
    expect(b.take("ip")).toBe(false);
  });

  it("keeps keys apart and caps the refill at the capacity", () => {
    let t = 0;
    const b = new TokenBuckets({ capacity: 2, refillPerSecond: 1, now: () => t });
    expect(b.take("a", 2)).toBe(true);
    expect(b.take("b", 2)).toBe(true);
    expect(b.has("a")).toBe(false);
    // An hour later the bucket holds the capacity (2), not 3600 tokens.
    t = 3_600_000;
    expect(b.take("a", 2)).toBe(true);
    expect(b.take("a")).toBe(false);
  });

  it("rejects a degenerate configuration", () => {
    expect(() => new TokenBuckets({ capacity: 0, refillPerSecond: 1 })).toThrow(/capacity/);
    expect(() => new TokenBuckets({ capacity: 1, refillPerSecond: 0 })).toThrow(/refillPerSecond/);
  });
});
