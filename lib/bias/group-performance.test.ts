import { describe, expect, it } from "vitest";
import { matrix } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { wilsonInterval } from "@/lib/metrics/stats/wilson";
import { analyseGroupPerformance } from "./group-performance";
import { warningsFrom } from "./warnings";

describe("analyseGroupPerformance", () => {
  it("given predictions: per-group accuracy with Wilson intervals and the worst-group gap, worked by hand", () => {
    // Group A: 50 samples, 45 correct (0.90); group B: 50, 30 correct (0.60); group C: 10 (too small).
    // Gap = 0.90 − 0.60 = 0.30. Bootstrap se ≈ √(0.9·0.1/50 + 0.6·0.4/50) = 0.081, so the interval is
    // about 0.30 ± 0.16: lower bound > 0.10 → high.
    const n = 110;
    const y = new Int32Array(n);
    const predicted = new Int32Array(n);
    const values: Array<string | null> = [];
    for (let i = 0; i < n; i++) {
      const group = i < 50 ? "A" : i < 100 ? "B" : "C";
      values.push(group);
      y[i] = i % 2;
      const wrong = (group === "A" && i < 5) || (group === "B" && i < 70) || (group === "C" && i < 105);
      predicted[i] = wrong ? 1 - y[i]! : y[i]!;
    }
    const r = analyseGroupPerformance({ attribute: "grp", values, y, predicted, seed: 1 });
    const a = r.groups.find((g) => g.group === "A")!;
    expect(a.accuracy.count).toBe(45);
    expect(a.accuracy.lower).toBeCloseTo(wilsonInterval(45, 50).lower, 15);
    expect(r.groups.find((g) => g.group === "C")!.tooSmall).toBe(true);
    expect(r.gap!.best).toBe("A");
    expect(r.gap!.worst).toBe("B");
    expect(r.gap!.estimate).toBeCloseTo(0.3, 14);
    expect(r.gap!.lower!).toBeGreaterThan(0.1);
    expect(r.gap!.lower!).toBeLessThan(0.3);
    expect(r.gap!.upper!).toBeGreaterThan(0.3);
    expect(Math.abs(r.gap!.upper! - 0.3 - (0.3 - r.gap!.lower!))).toBeLessThan(0.06);
    const ws = warningsFrom({ groupPerformance: r });
    expect(ws.find((w) => w.kind === "group-performance")!.severity).toBe("high");
    expect(ws.find((w) => w.group === "C")!.kind).toBe("too-small");
  });

  it("runs a cross-validated linear probe on embeddings: the group with the noisier signal is worse", () => {
    // Task label on feature 0 (±1.5); group "clear" has noise sd 0.5, group "noisy" sd 2.
    const rng = createRng(11);
    const n = 200;
    const d = 4;
    const data = new Float64Array(n * d);
    const y = new Int32Array(n);
    const values: Array<string | null> = [];
    for (let i = 0; i < n; i++) {
      const noisy = i % 2 === 1;
      y[i] = (i >> 1) % 2;
      values.push(i === 0 ? null : noisy ? "noisy" : "clear");
      const sd = noisy ? 2 : 0.5;
      for (let j = 0; j < d; j++) data[i * d + j] = (j === 0 ? (y[i] ? 1.5 : -1.5) : 0) + sd * rng.normal();
    }
    const r = analyseGroupPerformance({ attribute: "noise", values, y, X: matrix(n, d, data), seed: 2 });
    expect(r.predictions).toBe("linear probe, out-of-fold");
    expect(r.missing).toBe(1);
    expect(r.gap!.best).toBe("clear");
    expect(r.gap!.worst).toBe("noisy");
    // Bayes accuracies: Φ(1.5/0.5) = 0.9987 and Φ(1.5/2) = 0.773: a gap near 0.23.
    expect(r.gap!.estimate).toBeGreaterThan(0.12);
    expect(r.overall.n).toBe(200);
  });

  it("throws when neither X nor predicted is given, or shapes disagree", () => {
    const y = Int32Array.from([0, 1, 0, 1]);
    expect(() => analyseGroupPerformance({ attribute: "g", values: ["a", "a", "b", "b"], y })).toThrow(
      /X \/ predicted/,
    );
    expect(() =>
      analyseGroupPerformance({ attribute: "g", values: ["a", "a", "b"], y, predicted: y }),
    ).toThrow(/values: 3 attribute values for 4 labels/);
  });
});
