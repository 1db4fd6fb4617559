import { describe, expect, it } from "vitest";
import { chiSquareSurvival, gammaP, gammaQ, logGamma, normalCdf, normalQuantile } from "./distributions";

describe("logGamma", () => {
  it("matches ln((n-1)!) at integers (closed form: Γ(n) = (n-1)!)", () => {
    let fact = 1;
    for (let n = 1; n <= 20; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(fact), 12);
      fact *= n;
    }
  });
  it("matches Γ(1/2) = √π and Γ(3/2) = √π / 2 (closed forms)", () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(1.5)).toBeCloseTo(0.5 * Math.log(Math.PI) - Math.log(2), 13);
  });
  it("throws on x <= 0 and NaN", () => {
    expect(() => logGamma(0)).toThrow(/logGamma x/);
    expect(() => logGamma(Number.NaN)).toThrow(/finite/);
  });
});

describe("incomplete gamma", () => {
  it("P(1, x) = 1 − e^{−x} (closed form for a = 1) on both branches", () => {
    for (const x of [0.1, 1, 1.9, 2.5, 10]) {
      expect(gammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 14);
      expect(gammaQ(1, x)).toBeCloseTo(Math.exp(-x), 14);
    }
  });
  it("P + Q = 1", () => {
    for (const [a, x] of [
      [0.5, 0.3],
      [3, 2],
      [3, 8],
      [10, 9],
    ] as const) {
      expect(gammaP(a, x) + gammaQ(a, x)).toBeCloseTo(1, 14);
    }
  });
  it("throws on a <= 0 or x < 0", () => {
    expect(() => gammaP(0, 1)).toThrow(/gammaP a/);
    expect(() => gammaQ(1, -1)).toThrow(/gammaQ x/);
  });
});

describe("chiSquareSurvival", () => {
  it("gives 0.05 at the tabulated 95 % critical values (χ²(1) 3.841459, χ²(2) 5.991465; any χ² table)", () => {
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(5.991465, 2)).toBeCloseTo(0.05, 6);
    // χ²(10) at 18.307038 is the tabulated 95 % point as well.
    expect(chiSquareSurvival(18.307038, 10)).toBeCloseTo(0.05, 6);
  });
  it("equals e^{−x/2} for 2 df (closed form) and 2(1 − Φ(√x)) for 1 df", () => {
    for (const x of [0.5, 3, 12, 40]) {
      expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 14);
      expect(chiSquareSurvival(x, 1)).toBeCloseTo(2 * (1 - normalCdf(Math.sqrt(x))), 12);
    }
  });
  it("is 1 at x <= 0 and throws on df <= 0", () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(() => chiSquareSurvival(1, 0)).toThrow(/df/);
  });
});

describe("normal distribution", () => {
  it("Φ(−1) = 0.158655253931457 and Φ(0) = 0.5 (standard tables, 15 digits from erfc(1/√2)/2)", () => {
    expect(normalCdf(-1)).toBeCloseTo(0.158655253931457, 13);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-8)).toBeCloseTo(6.220960574271785e-16, 25);
  });
  it("Φ⁻¹(0.975) = 1.959963984540054 (the familiar 1.96) and round-trips Φ", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    for (const p of [1e-10, 0.001, 0.02, 0.3, 0.5, 0.9, 0.99, 1 - 1e-9]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 14);
    }
  });
  it("throws outside (0, 1)", () => {
    expect(() => normalQuantile(0)).toThrow(/normalQuantile p/);
    expect(() => normalQuantile(1)).toThrow(/normalQuantile p/);
  });
});
