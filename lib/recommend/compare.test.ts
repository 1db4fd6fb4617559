import { describe, expect, it } from "vitest";
import { wilsonInterval } from "@/lib/metrics/stats/wilson";
import { agreement, winner } from "./compare";
import { differenceInterval, errorReduction } from "./margin";
import type { Strategy } from "./strategies";
import type { VerificationRun } from "./verify";

function run(strategy: Strategy, fraction: number, correct: number, n: number): VerificationRun {
  const w = wilsonInterval(correct, n);
  return {
    strategy,
    fraction,
    trainSize: 100,
    validationSize: 25,
    testSize: n,
    seed: 1,
    correct,
    accuracy: w.estimate,
    low: w.lower,
    high: w.upper,
    epochs: 1,
    bestEpoch: 1,
    steps: 1,
    learningRate: 1e-3,
    seconds: 0,
    curve: [],
  };
}

describe("differenceInterval (Newcombe 1998, method 10)", () => {
  it("reproduces Newcombe's worked example 56/70 vs 48/80", () => {
    // Newcombe (1998b), Statistics in Medicine 17:873-890, Table II example (a): 56/70 - 48/80,
    // method 10 gives 0.0524 to 0.3339.
    const a = wilsonInterval(56, 70);
    const b = wilsonInterval(48, 80);
    const d = differenceInterval(
      { value: a.estimate, low: a.lower, high: a.upper },
      { value: b.estimate, low: b.lower, high: b.upper },
    );
    expect(d.value).toBeCloseTo(0.2, 12);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
  });
  it("errorReduction is the share of the baseline's errors removed", () => {
    // (0.97 - 0.90) / (1 - 0.90) = 0.7 by hand; a baseline without errors leaves nothing to remove.
    expect(errorReduction(0.97, 0.9)).toBeCloseTo(0.7, 12);
    expect(errorReduction(1, 1)).toBe(0);
    expect(errorReduction(0.5, 0.6)).toBeCloseTo(-0.25, 12);
  });
});

describe("winner", () => {
  it("names the clear winner when the others' differences from it exclude 0", () => {
    // 950/1000 vs 800/1000 and 700/1000: differences 0.15 and 0.25 with half-widths about 0.03.
    const runs = [run("frozen", 1, 800, 1000), run("fine_tune", 1, 950, 1000), run("scratch", 1, 700, 1000)];
    expect(winner(runs, 1)).toEqual({
      fraction: 1,
      winner: "fine_tune",
      best: "fine_tune",
      tied: ["fine_tune"],
    });
  });
  it("calls a tie when the difference's interval contains 0, listing every tied strategy", () => {
    // 90/100 vs 87/100: d = 0.03; Wilson [0.826, 0.945] and [0.790, 0.922]; low = 0.03 - sqrt(0.074^2 + 0.052^2) < 0.
    // 50/100 is 0.40 below the best: not tied.
    const runs = [run("frozen", 0.2, 90, 100), run("fine_tune", 0.2, 87, 100), run("scratch", 0.2, 50, 100)];
    expect(winner(runs, 0.2)).toEqual({
      fraction: 0.2,
      winner: "tie",
      best: "frozen",
      tied: ["frozen", "fine_tune"],
    });
  });
  it("orders equal accuracies cheapest first and refuses a fraction that was not run", () => {
    const runs = [run("scratch", 1, 80, 100), run("frozen", 1, 80, 100)];
    expect(winner(runs, 1).best).toBe("frozen");
    expect(() => winner(runs, 0.5)).toThrow("winner: no runs at fraction 0.5 (fractions run: 1)");
  });
});

describe("agreement", () => {
  const w = (winnerName: Strategy | "tie", tied: Strategy[]) => ({
    fraction: 1,
    winner: winnerName,
    best: tied[0] ?? (winnerName as Strategy),
    tied,
  });
  it("maps each verdict to its strategy (small_different is verified frozen at its earlier layer)", () => {
    expect(agreement("transfer", w("frozen", ["frozen"]))).toEqual({
      expected: "frozen",
      agrees: true,
      how: "winner",
    });
    expect(agreement("fine_tune", w("fine_tune", ["fine_tune"])).agrees).toBe(true);
    expect(agreement("from_scratch", w("scratch", ["scratch"])).agrees).toBe(true);
    expect(agreement("small_different", w("frozen", ["frozen"])).expected).toBe("frozen");
  });
  it("agrees through a tie only when the verdict's strategy is among the tied", () => {
    expect(agreement("fine_tune", w("tie", ["frozen", "fine_tune"]))).toEqual({
      expected: "fine_tune",
      agrees: true,
      how: "tied",
    });
    expect(agreement("from_scratch", w("tie", ["frozen", "fine_tune"]))).toEqual({
      expected: "scratch",
      agrees: false,
      how: "no",
    });
    expect(agreement("transfer", w("scratch", ["scratch"])).agrees).toBe(false);
  });
});
