/**
 * The rule on synthetic inputs. Probe intervals are 95 % Wilson intervals (test-inputs.ts); expected
 * confidences were worked with an independent Python transcription of the formulas in axes.ts
 * (Wilson, Newcombe's method 10, Phi from the standard library's NormalDist), with the thresholds of
 * thresholds.ts at the time of writing: MIN_PER_CLASS 5, LARGE_PER_CLASS 150, SIZE_LOG_SPREAD ln 2,
 * MIN_GAIN 0.12, PAD_SIMILAR_MAX 1, PAD_DEFAULT_SE 0.045, SHIFT_VOTE_FACTOR 0.7, TINY cap 0.3.
 */
import { describe, expect, it } from "vitest";
import { count, f2, pct } from "./format";
import { recommend } from "./rule";
import { inputOf, type LayerSpec } from "./test-inputs";
import { THRESHOLDS_VERSION } from "./thresholds";
import type { Recommendation } from "./types";

const early = (pre: number, rnd: number, n: number, pad = 0.3): LayerSpec => ({
  layer: "early",
  depth: 0.3,
  pre,
  rnd,
  n,
  pad,
});
const top = (pre: number, rnd: number, n: number, pad = 1.9): LayerSpec => ({
  layer: "top",
  depth: 0.9,
  pre,
  rnd,
  n,
  pad,
});

describe("the lecture's table", () => {
  it("small target, similar task -> transfer (frozen extractor, new head)", () => {
    // 20 per class is below 150. At `top`: 0.95 vs 0.60 on 100 rows, Wilson [0.888, 0.979] and
    // [0.502, 0.691]; margin 0.35, Newcombe low 0.240 above the boundary 0.12 * (1 - 0.60) = 0.048.
    // P(size) = Phi(ln(150/20) / ln 2) = Phi(2.907) = 0.99817; P(task) = Phi((0.35 - 0.048) / 0.0559) ~ 1.
    const r = recommend(inputOf(20, [early(0.7, 0.65, 100), top(0.95, 0.6, 100)]));
    expect(r.verdict).toBe("transfer");
    expect(r.splitLayer).toBe("top");
    expect(r.confidence).toBeCloseTo(0.99817, 4);
    expect(r.confidenceLabel).toBe("high");
    expect(r.axes).toEqual({
      size: "small",
      medianPerClass: 20,
      minPerClass: 20,
      task: "similar",
      taskDecidedBy: "margin",
      referenceLayer: "top",
    });
    expect(r.thresholdsVersion).toBe(THRESHOLDS_VERSION);
  });

  it("large target, similar task -> fine-tune", () => {
    // 500 per class: P(size) = Phi(ln(500/150) / ln 2) = Phi(1.737) = 0.95880; the margin on 2,500 rows
    // (low 0.329 > 0.048) is certain.
    const r = recommend(inputOf(500, [early(0.7, 0.65, 2500), top(0.95, 0.6, 2500)]));
    expect(r.verdict).toBe("fine_tune");
    expect(r.splitLayer).toBe("top");
    expect(r.confidence).toBeCloseTo(0.9588, 4);
  });

  it("large target, different task -> train from scratch", () => {
    // top: 0.80 vs 0.81 on 2,500 rows: margin -0.01, Newcombe high 0.0120 below the boundary
    // 0.12 * 0.19 = 0.0228; P(task) = Phi(0.0328 / (0.0220 / 1.96)) = 0.99828; x P(size) 0.95880 = 0.95716.
    const r = recommend(inputOf(500, [early(0.7, 0.72, 2500), top(0.8, 0.81, 2500)]));
    expect(r.verdict).toBe("from_scratch");
    expect(r.axes.taskDecidedBy).toBe("margin");
    expect(r.confidence).toBeCloseTo(0.95716, 4);
  });

  it("small target, different task -> small_different, split at the earlier layer pretraining helps", () => {
    // top (the best probe, 0.45): 0.45 vs 0.60 on 100 rows, Newcombe high -0.0117 < 0.048: different.
    // early: 0.40 vs 0.20, Newcombe low 0.073 > 0: pretraining adds something there, so the cut moves.
    const r = recommend(inputOf(20, [early(0.4, 0.2, 100), top(0.45, 0.6, 100)]));
    expect(r.verdict).toBe("small_different");
    expect(r.axes.referenceLayer).toBe("top");
    expect(r.splitLayer).toBe("early");
    expect(r.reasons.some((x) => x.text.startsWith("Split earlier, at early"))).toBe(true);
    // Without an earlier layer where pretrained features beat random ones, the cut stays.
    const stay = recommend(inputOf(20, [early(0.4, 0.45, 100), top(0.45, 0.6, 100)]));
    expect(stay.splitLayer).toBe("top");
  });
});

describe("too small to judge", () => {
  it("says so first, and caps the confidence at 0.3 ('low')", () => {
    const r = recommend(inputOf([3, 20, 20, 20, 20], [early(0.7, 0.65, 83), top(0.95, 0.6, 83)]));
    expect(r.reasons[0]!.evidence).toEqual({ metric: "min_per_class", value: 3 });
    expect(r.reasons[0]!.text).toContain("smallest class has 3");
    expect(r.confidence).toBeLessThanOrEqual(0.3);
    expect(r.confidenceLabel).toBe("low");
    expect(r.axes.size).toBe("tiny");
    // The same input with 5 in the smallest class is judged normally.
    const ok = recommend(inputOf([5, 20, 20, 20, 20], [early(0.7, 0.65, 85), top(0.95, 0.6, 85)]));
    expect(ok.reasons[0]!.evidence.metric).toBe("median_per_class");
    expect(ok.confidence).toBeGreaterThan(0.8);
  });
});

/** The evidence value as it may appear in the text: two decimals, a count, or a percentage. */
function quoted(r: Recommendation["reasons"][number]): boolean {
  const v = r.evidence.value;
  return [f2(v), count(v), pct(v)].some((s) => r.text.includes(s));
}

describe("reasons", () => {
  const inputs = {
    transfer: inputOf(20, [early(0.7, 0.65, 100), top(0.95, 0.6, 100)]),
    fine_tune: inputOf(500, [early(0.7, 0.65, 2500), top(0.95, 0.6, 2500)]),
    from_scratch: inputOf(500, [early(0.7, 0.72, 2500), top(0.8, 0.81, 2500)]),
    small_different: inputOf(20, [early(0.4, 0.2, 100), top(0.45, 0.6, 100)]),
    tiny: inputOf([3, 20, 20, 20, 20], [early(0.7, 0.65, 83), top(0.95, 0.6, 83)]),
    shift: inputOf(20, [early(0.6, 0.5, 100), top(0.7, 0.6, 100)]),
  };
  it("every reason is a short sentence quoting the finite number it carries", () => {
    for (const [name, input] of Object.entries(inputs)) {
      const r = recommend(input);
      expect(r.reasons.length, name).toBeGreaterThanOrEqual(5);
      for (const reason of r.reasons) {
        expect(Number.isFinite(reason.evidence.value), `${name}: ${reason.text}`).toBe(true);
        expect(quoted(reason), `${name}: "${reason.text}" should quote ${reason.evidence.value}`).toBe(true);
        expect(reason.text.length, reason.text).toBeLessThan(330);
      }
    }
  });
  it("quotes the probes with their intervals, as in the issue's example", () => {
    const r = recommend(inputs.transfer);
    const probe = r.reasons.find((x) => x.evidence.metric === "linear_probe_accuracy")!;
    expect(probe.text).toBe(
      "Frozen features at top reach 0.95 (95 % CI 0.89–0.98) linear-probe accuracy against 0.60 (0.50–0.69) for random features of the same network.",
    );
    expect(probe.evidence).toMatchObject({ layer: "top", n: 100 });
  });
});

describe("split layer", () => {
  it("takes the best pretrained probe, and the earlier layer when within 0.01 of it", () => {
    // 0.950 vs 0.955: within SPLIT_TIE, the earlier (cheaper) layer wins.
    const tied = recommend(inputOf(500, [early(0.95, 0.5, 2000), top(0.955, 0.5, 2000)]));
    expect(tied.splitLayer).toBe("early");
    // 0.94 vs 0.96: a real difference, the better layer wins.
    const clear = recommend(inputOf(500, [early(0.94, 0.5, 2000), top(0.96, 0.5, 2000)]));
    expect(clear.splitLayer).toBe("top");
    // Input order does not matter: layers are sorted by depth.
    const reversed = recommend(inputOf(500, [top(0.955, 0.5, 2000), early(0.95, 0.5, 2000)]));
    expect(reversed.splitLayer).toBe("early");
  });
});

describe("confidence", () => {
  it("grows with the margin while the verdict stays 'similar'", () => {
    // Random features 0.60; pretrained 0.80 .. 0.99 on 100 rows: all similar by the margin, P(task)
    // 0.99056, 0.99937, ... (Python check), times the same P(size).
    const cs = [0.8, 0.85, 0.9, 0.95, 0.99].map((p) => recommend(inputOf(20, [top(p, 0.6, 100)])));
    expect(cs.every((r) => r.verdict === "transfer")).toBe(true);
    for (let i = 1; i < cs.length; i++)
      expect(cs[i]!.confidence).toBeGreaterThanOrEqual(cs[i - 1]!.confidence);
    expect(cs[0]!.confidence).toBeCloseTo(0.99056 * 0.99817, 4);
    expect(cs[0]!.confidence).toBeLessThan(cs[4]!.confidence);
  });
  it("falls as the margin approaches the boundary from below while the verdict stays 'different'", () => {
    const cs = [0.7, 0.74, 0.77, 0.79].map((p) => recommend(inputOf(500, [top(p, 0.8, 2500)])));
    expect(cs.every((r) => r.verdict === "from_scratch")).toBe(true);
    for (let i = 1; i < cs.length; i++) expect(cs[i]!.confidence).toBeLessThanOrEqual(cs[i - 1]!.confidence);
    expect(cs[3]!.confidence).toBeLessThan(cs[0]!.confidence);
  });
});

describe("the shift vote", () => {
  it("decides when the margin cannot, from the lowest PAD up to the reference layer, at most 'medium'", () => {
    // top: 0.70 vs 0.60 on 100 rows: margin 0.10 with Newcombe interval [-0.032, 0.227] around the
    // boundary 0.048: inconclusive. Lowest PAD up to `top`: early's 0.3 < 1 -> similar, with
    // P = Phi(0.7 / 0.045) * 0.7 = 0.7; confidence 0.7 x 0.99817 = 0.69872.
    const low = recommend(inputOf(20, [early(0.6, 0.5, 100, 0.3), top(0.7, 0.6, 100, 1.9)]));
    expect(low.verdict).toBe("transfer");
    expect(low.axes.taskDecidedBy).toBe("shift");
    expect(low.confidence).toBeCloseTo(0.69872, 4);
    expect(low.confidenceLabel).toBe("medium");
    // Every layer far from the source: different, and the small target makes it small_different.
    const high = recommend(inputOf(20, [early(0.6, 0.5, 100, 1.8), top(0.7, 0.6, 100, 1.9)]));
    expect(high.verdict).toBe("small_different");
    // A low PAD after the reference layer does not vote.
    const later = recommend(
      inputOf(20, [
        early(0.6, 0.5, 100, 1.8),
        top(0.7, 0.6, 100, 1.9),
        { ...early(0.5, 0.5, 100, 0.1), layer: "late", depth: 1 },
      ]),
    );
    expect(later.axes.task).toBe("different");
  });
});

describe("bias warnings", () => {
  it("pass high and medium findings through, high first, with what reuse means; info is dropped", () => {
    const input = inputOf(20, [top(0.95, 0.6, 100)]);
    input.bias = {
      highestSeverity: "high",
      warnings: [
        { severity: "info", title: "group size", message: "Group x is small." },
        { severity: "medium", title: "colour × label", message: "Colour predicts the label." },
        { severity: "high", title: "skin tone", message: "Darker skin is under-represented." },
      ],
    };
    const r = recommend(input);
    expect(r.biasWarnings.map((w) => [w.severity, w.title])).toEqual([
      ["high", "skin tone"],
      ["medium", "colour × label"],
    ]);
    expect(r.biasWarnings[0]!.text).toBe(
      "Darker skin is under-represented. Reusing this model carries the finding into the new task: address it before deploying.",
    );
    const last = r.reasons[r.reasons.length - 1]!;
    expect(last.text).toBe(
      "1 high and 1 medium severity bias warnings come with reusing this model (see the bias findings).",
    );
    expect(last.evidence).toEqual({ metric: "bias_warnings_high", value: 1 });
    expect(r.biasWarningsOmitted).toBe(0);
  });
  it("carries at most 10 findings and counts the rest", () => {
    const input = inputOf(20, [top(0.95, 0.6, 100)]);
    const warnings = Array.from({ length: 13 }, (_, i) => ({
      severity: (i % 2 ? "medium" : "high") as "medium" | "high",
      title: `cell ${i}`,
      message: `Finding ${i}.`,
    }));
    input.bias = { highestSeverity: "high", warnings };
    const r = recommend(input);
    // 7 high (even i) come first, then 3 of the 6 medium; 3 left out.
    expect(r.biasWarnings.map((w) => w.title)).toEqual([
      "cell 0",
      "cell 2",
      "cell 4",
      "cell 6",
      "cell 8",
      "cell 10",
      "cell 12",
      "cell 1",
      "cell 3",
      "cell 5",
    ]);
    expect(r.biasWarningsOmitted).toBe(3);
  });
});
