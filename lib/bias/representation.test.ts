import { describe, expect, it } from "vitest";
import { wilsonInterval } from "@/lib/metrics/stats/wilson";
import { intersectAttributes } from "./groups";
import { analyseRepresentation } from "./representation";
import { warningsFrom } from "./warnings";

/** n copies of a value. */
const rep = (v: string | null, n: number) => Array<string | null>(n).fill(v);

describe("analyseRepresentation", () => {
  it("counts, shares, Wilson intervals, TVD, JS and chi-square on a 2x3 table worked by hand", () => {
    // Same table as contingency.test.ts: source (a, b, c) = 20, 30, 50; target = 30, 30, 40.
    // TVD = ½(0.1 + 0 + 0.1) = 0.1; X² = 2 + 10/9 with 2 df, p = e^{−X²/2}.
    const r = analyseRepresentation({
      attribute: "g",
      source: [...rep("a", 20), ...rep("b", 30), ...rep("c", 50), ...rep(null, 7)],
      target: [...rep("a", 30), ...rep("b", 30), ...rep("c", 40)],
    });
    expect(r.source).toEqual({ n: 100, missing: 7 });
    expect(r.target).toEqual({ n: 100, missing: 0 });
    expect(r.tvd).toBeCloseTo(0.1, 14);
    // JS: m = (0.25, 0.3, 0.45); ½Σ p log₂(p/m) + ½Σ q log₂(q/m), summed by hand:
    const js =
      0.5 * (0.2 * Math.log2(0.2 / 0.25) + 0.5 * Math.log2(0.5 / 0.45)) +
      0.5 * (0.3 * Math.log2(0.3 / 0.25) + 0.4 * Math.log2(0.4 / 0.45));
    expect(r.js).toBeCloseTo(js, 14);
    expect(r.test!.method).toBe("chi-square");
    expect(r.test!.pValue).toBeCloseTo(Math.exp(-(2 + 10 / 9) / 2), 12);
    const c = r.groups.find((g) => g.group === "c")!;
    expect(c.source.count).toBe(50);
    expect(c.source.lower).toBeCloseTo(wilsonInterval(50, 100).lower, 15);
    expect(c.ratio!.estimate).toBeCloseTo(0.5 / 0.4, 14);
    expect(r.groups.map((g) => g.group)).toEqual(["c", "b", "a"]);
  });

  it("flags groups below the minimum size, and warnings never judge them", () => {
    const r = analyseRepresentation({
      attribute: "g",
      source: [...rep("a", 100), ...rep("b", 100), ...rep("c", 5)],
      target: [...rep("a", 150), ...rep("b", 50), ...rep("c", 3)],
    });
    const c = r.groups.find((g) => g.group === "c")!;
    expect(c.source.tooSmall).toBe(true);
    expect(c.judged).toBe(false);
    const ws = warningsFrom({ representation: r }).filter((w) => w.group === "c");
    expect(ws.map((w) => [w.kind, w.severity])).toEqual([["too-small", "info"]]);
    expect(ws[0]!.message).toMatch(/too small to judge/);
    // Expected counts for "c" are (8·205/408, 8·203/408) ≈ 4.0: chi-square reported with a warning.
    expect(r.test!.method).toBe("chi-square");
    expect(r.test!.warning).toMatch(/expected count below 5/);
  });

  it("uses Fisher's exact test for a 2x2 table with small expected counts", () => {
    // (3, 2) vs (1, 4): the tea-tasting-like margins; Fisher two-sided p by enumeration:
    // margins rows 5,5 cols 4,6 → P(x) = C(5,x)C(5,4−x)/210 = 5,50,100,50,5 /210 for x=0..4;
    // observed x = 3 (50/210): tables with P ≤ 50/210 → (5+50+50+5)/210 = 110/210.
    const r = analyseRepresentation({
      attribute: "g",
      source: [...rep("a", 3), ...rep("b", 2)],
      target: [...rep("a", 1), ...rep("b", 4)],
      minGroupSize: 1,
    });
    expect(r.test!.method).toBe("fisher-2x2");
    expect(r.test!.pValue).toBeCloseTo(110 / 210, 12);
  });

  it("representation ratio severities: high, medium and info against the four-fifths band", () => {
    // a: 0.5 / 0.8 = 0.625, Katz se = √(1/500 − 1/1000 + 1/800 − 1/1000) = 0.03536, upper
    // 0.625·e^{1.96·0.0354} = 0.670 < 0.8 → high.
    const high = analyseRepresentation({
      attribute: "g",
      source: [...rep("a", 500), ...rep("b", 500)],
      target: [...rep("a", 800), ...rep("b", 200)],
    });
    const wa = warningsFrom({ representation: high }).find(
      (w) => w.kind === "representation" && w.group === "a",
    )!;
    expect(wa.severity).toBe("high");
    expect(wa.value).toBeCloseTo(0.625, 14);
    expect(wa.interval!.upper).toBeCloseTo(0.625 * Math.exp(1.959963984540054 * Math.sqrt(0.00125)), 10);
    // a: 0.37 / 0.5 = 0.74, se = √(1/37 − 1/100 + 1/50 − 1/100) = 0.1644, upper 1.02 > 0.8 → medium.
    const medium = analyseRepresentation({
      attribute: "g",
      source: [...rep("a", 37), ...rep("b", 63)],
      target: [...rep("a", 50), ...rep("b", 50)],
    });
    expect(warningsFrom({ representation: medium }).find((w) => w.group === "a")!.severity).toBe("medium");
    const info = analyseRepresentation({
      attribute: "g",
      source: [...rep("a", 48), ...rep("b", 52)],
      target: [...rep("a", 50), ...rep("b", 50)],
    });
    expect(warningsFrom({ representation: info }).every((w) => w.severity === "info")).toBe(true);
  });

  it("against a population: ratio = Wilson bounds / population share, for source and target", () => {
    const r = analyseRepresentation({
      attribute: "g",
      source: [...rep("a", 30), ...rep("b", 70)],
      target: [...rep("a", 45), ...rep("b", 55)],
      reference: { name: "census", shares: { a: 1, b: 1 } },
    });
    const a = r.groups.find((g) => g.group === "a")!;
    const ci = wilsonInterval(30, 100);
    expect(a.referenceShare).toBe(0.5);
    expect(a.ratio).toEqual({ estimate: 0.6, lower: ci.lower / 0.5, upper: ci.upper / 0.5 });
    expect(a.targetRatio!.estimate).toBeCloseTo(0.9, 14);
    expect(r.referenceName).toBe("census");
  });

  it("carries inferredBy into every warning sentence", () => {
    const r = analyseRepresentation({
      attribute: "gender",
      inferredBy: "face-api gender net",
      source: [...rep("f", 40), ...rep("m", 60)],
      target: [...rep("f", 60), ...rep("m", 40)],
    });
    expect(r.inferredBy).toBe("face-api gender net");
    const ws = warningsFrom({ representation: r });
    expect(ws.length).toBeGreaterThan(0);
    for (const w of ws) {
      expect(w.inferredBy).toBe("face-api gender net");
      expect(w.message).toMatch(/inferred by face-api gender net/);
    }
  });

  it("analyses an intersection of two attributes the same way", () => {
    const gender = { attribute: "gender", values: ["f", "f", "m", null, "m"] };
    const tone = {
      attribute: "skin tone",
      values: ["dark", "light", "light", "dark", null],
      inferredBy: "model X",
    };
    const x = intersectAttributes(gender, tone);
    expect(x.attribute).toBe("gender × skin tone");
    expect(x.values).toEqual(["f × dark", "f × light", "m × light", null, null]);
    expect(x.inferredBy).toBe("model X");
    const r = analyseRepresentation({ ...x, source: x.values, target: x.values, minGroupSize: 1 });
    expect(r.source.missing).toBe(2);
    expect(r.tvd).toBe(0);
  });

  it("throws on empty or all-missing input", () => {
    expect(() => analyseRepresentation({ attribute: "g", source: [null, null], target: ["a"] })).toThrow(
      /source: no non-missing values of "g"/,
    );
    expect(() => analyseRepresentation({ attribute: "g", source: ["a"], target: [] })).toThrow(/target/);
    expect(() =>
      analyseRepresentation({ attribute: "g", source: ["a"], target: ["a"], minGroupSize: 0 }),
    ).toThrow(/minGroupSize/);
  });
});
