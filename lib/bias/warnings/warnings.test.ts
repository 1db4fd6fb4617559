import { describe, expect, it } from "vitest";
import type { GroupPerformanceResult } from "../group-performance";
import type { LeakageResult } from "../leakage";
import { GROUP_GAP_HIGH, GROUP_GAP_MEDIUM, LEAKAGE_MARGIN_HIGH } from "../thresholds";
import { warningsFrom, warningTitle } from ".";

/** A leakage result with one target layer whose margin interval is [lo, hi] over a baseline of 0.5. */
function leakage(lo: number, hi: number, inferredBy?: string): LeakageResult {
  const est = (lo + hi) / 2;
  return {
    attribute: "gender",
    ...(inferredBy ? { inferredBy } : {}),
    minGroupSize: 30,
    seed: 0,
    resamples: 1000,
    layers: [
      {
        layer: "block_6",
        source: null,
        target: {
          n: 200,
          groups: ["f", "m"],
          balancedAccuracy: 0.5 + est,
          lower: 0.5 + lo,
          upper: 0.5 + hi,
          baseline: 0.5,
          margin: est,
          marginLower: lo,
          marginUpper: hi,
          folds: 5,
        },
      },
    ],
    excluded: { source: [], target: [{ group: "x", count: 4 }] },
    missing: { source: 0, target: 0 },
    summary: { source: null, target: { least: "block_6", most: "block_6" } },
    notes: [],
  };
}

function performance(estimate: number, lower: number, upper: number): GroupPerformanceResult {
  const acc = (count: number, n: number) => ({ count, n, share: count / n, lower: 0, upper: 1 });
  return {
    attribute: "region",
    minGroupSize: 30,
    predictions: "given",
    seed: 0,
    overall: acc(150, 200),
    missing: 0,
    groups: [
      { group: "north", accuracy: acc(90, 100), tooSmall: false },
      { group: "south", accuracy: acc(60, 100), tooSmall: false },
    ],
    gap: { best: "north", worst: "south", estimate, lower, upper },
    notes: [],
  };
}

describe("warnings severity from thresholds.ts", () => {
  it("leakage: info when the margin interval reaches 0, medium above 0, high above LEAKAGE_MARGIN_HIGH", () => {
    const sev = (lo: number, hi: number) =>
      warningsFrom({ leakage: leakage(lo, hi) }).find((w) => w.kind === "leakage")!.severity;
    expect(sev(-0.02, 0.04)).toBe("info");
    expect(sev(0.01, 0.09)).toBe("medium");
    expect(sev(LEAKAGE_MARGIN_HIGH + 0.01, 0.3)).toBe("high");
  });

  it("leakage: too-small groups become info, and inferred attributes are named in every sentence", () => {
    const ws = warningsFrom({ leakage: leakage(0.2, 0.3, "model M") });
    expect(ws[0]!.severity).toBe("high");
    const small = ws.find((w) => w.kind === "too-small")!;
    expect(small.severity).toBe("info");
    expect(small.group).toBe("x");
    for (const w of ws) expect(w.message).toMatch(/inferred by model M, not recorded/);
  });

  it("group performance: gap severity follows the lower bound against GROUP_GAP_MEDIUM / GROUP_GAP_HIGH", () => {
    const sev = (lo: number) =>
      warningsFrom({ groupPerformance: performance(0.3, lo, 0.4) }).find(
        (w) => w.kind === "group-performance",
      )!.severity;
    expect(sev(GROUP_GAP_MEDIUM - 0.01)).toBe("info");
    expect(sev(GROUP_GAP_MEDIUM + 0.01)).toBe("medium");
    expect(sev(GROUP_GAP_HIGH + 0.01)).toBe("high");
  });

  it("every warning carries a number or counts, a sentence and a mitigation; sorted high first", () => {
    const ws = warningsFrom({
      leakage: [leakage(-0.01, 0.02), leakage(0.2, 0.3)],
      groupPerformance: performance(0.3, 0.2, 0.4),
    });
    expect(ws[0]!.severity).toBe("high");
    const ranks = ws.map((w) => ({ high: 0, medium: 1, info: 2 })[w.severity]);
    expect([...ranks].sort()).toEqual(ranks);
    for (const w of ws) {
      expect(w.message.length).toBeGreaterThan(20);
      expect(w.mitigation.length).toBeGreaterThan(10);
      expect(w.counts.length).toBeGreaterThan(0);
    }
  });
});

describe("warning titles", () => {
  it("name the attribute, the dataset, the group and, for leakage, the layer", () => {
    const ws = warningsFrom({ leakage: leakage(0.2, 0.3), groupPerformance: performance(0.3, 0.2, 0.4) });
    const titles = new Map(ws.map((w) => [w.kind, warningTitle(w)]));
    expect(titles.get("leakage")).toBe(`"gender" recoverable from the target's features at layer "block_6"`);
    expect(titles.get("too-small")).toBe(`"x" too small to judge ("gender" in the target)`);
    expect(titles.get("group-performance")).toBe(
      `Accuracy gap between "region" groups in the target, worst "south"`,
    );
    // A leakage margin whose interval reaches 0 is not called "recoverable".
    const none = warningsFrom({ leakage: leakage(-0.02, 0.04) }).find((w) => w.kind === "leakage")!;
    expect(warningTitle(none)).toMatch(/^"gender" not recovered beyond chance from the target's features/);
  });
});
