import { describe, expect, it } from "vitest";
import { matrix } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { analyseLeakage } from "./leakage";
import { warningsFrom } from "./warnings";

/**
 * n samples per group, d features of N(0, 1) noise; when `shift` > 0, feature 0 carries the group
 * (group k has mean k·shift), i.e. the attribute is linearly encoded.
 */
function synthetic(groups: string[], perGroup: number, d: number, shift: number, seed: number) {
  const rng = createRng(seed);
  const n = groups.length * perGroup;
  const data = new Float64Array(n * d);
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.floor(i / perGroup);
    values.push(groups[k]!);
    for (let j = 0; j < d; j++) data[i * d + j] = rng.normal() + (j === 0 ? k * shift : 0);
  }
  return { X: matrix(n, d, data), values };
}

describe("analyseLeakage", () => {
  it("linearly encoded attribute → balanced accuracy far above 1/C; independent → near 1/C", () => {
    // Two groups 4 sd apart on one axis: Bayes balanced accuracy Φ(2) = 0.977.
    const enc = synthetic(["f", "m"], 60, 6, 4, 1);
    const ind = synthetic(["f", "m"], 60, 6, 0, 5);
    const r = analyseLeakage({
      attribute: "gender",
      layers: [
        { layer: "encoded", target: enc.X },
        { layer: "independent", target: ind.X },
      ],
      targetValues: enc.values,
      seed: 3,
    });
    const e = r.layers[0]!.target!;
    const i = r.layers[1]!.target!;
    expect(e.baseline).toBe(0.5);
    expect(e.balancedAccuracy).toBeGreaterThan(0.9);
    expect(e.marginLower).toBeGreaterThan(0.3);
    expect(e.lower).toBeLessThanOrEqual(e.balancedAccuracy);
    expect(e.upper).toBeGreaterThanOrEqual(e.balancedAccuracy);
    // Independent features: no better than chance beyond sampling noise (the 95 % interval covers 0.5;
    // the sd of balanced accuracy at n = 120 is √(0.25/120) = 0.046, so 0.1 is over 2 sd). Over 60
    // null data sets (seeds 100-159) the lower bound exceeded 0.5 in 2 of 60, close to the nominal 2.5 %.
    expect(Math.abs(i.balancedAccuracy - 0.5)).toBeLessThan(0.1);
    expect(i.lower).toBeLessThan(0.5);
    expect(r.summary.target).toEqual({ least: "independent", most: "encoded" });
    const ws = warningsFrom({ leakage: r }).filter((w) => w.kind === "leakage");
    expect(ws.find((w) => w.layer === "encoded")!.severity).toBe("high");
    expect(ws.find((w) => w.layer === "independent")!.severity).toBe("info");
    expect(ws.find((w) => w.layer === "encoded")!.mitigation).toMatch(/layer "independent"/);
  });

  it("three groups: baseline 1/3; compares source and target; leaves out groups below the minimum size", () => {
    const src = synthetic(["a", "b", "c"], 50, 5, 3, 4);
    const tgt = synthetic(["a", "b", "c"], 50, 5, 0, 5);
    const tgtValues: Array<string | null> = [...tgt.values];
    // Relabel 10 target rows of "a" as a tiny group and 3 as missing: "a" keeps 37 (≥ 30).
    for (let k = 0; k < 10; k++) tgtValues[k] = "tiny";
    for (let k = 10; k < 13; k++) tgtValues[k] = null;
    const r = analyseLeakage({
      attribute: "region",
      layers: [{ layer: "L", source: src.X, target: tgt.X }],
      sourceValues: src.values,
      targetValues: tgtValues,
      seed: 1,
      resamples: 200,
    });
    const s = r.layers[0]!.source!;
    const t = r.layers[0]!.target!;
    expect(s.baseline).toBeCloseTo(1 / 3, 15);
    expect(s.balancedAccuracy).toBeGreaterThan(0.75);
    expect(t.groups).toEqual(["b", "c", "a"]);
    expect(t.n).toBe(150 - 13);
    expect(r.excluded.target).toEqual([{ group: "tiny", count: 10 }]);
    expect(r.missing.target).toBe(3);
    expect(warningsFrom({ leakage: r }).some((w) => w.kind === "too-small" && w.group === "tiny")).toBe(true);
  });

  it("is reproducible with the same seed", () => {
    const enc = synthetic(["f", "m"], 40, 4, 1, 9);
    const run = () =>
      analyseLeakage({
        attribute: "g",
        layers: [{ layer: "L", target: enc.X }],
        targetValues: enc.values,
        seed: 7,
        resamples: 200,
      });
    expect(run()).toEqual(run());
  });

  it("throws on mismatched shapes, non-finite features and missing attribute values", () => {
    const enc = synthetic(["f", "m"], 40, 4, 1, 9);
    expect(() =>
      analyseLeakage({
        attribute: "g",
        layers: [{ layer: "L", target: enc.X }],
        targetValues: enc.values.slice(1),
      }),
    ).toThrow(/layers\["L"\]\.target: 80 rows but 79/);
    expect(() => analyseLeakage({ attribute: "g", layers: [{ layer: "L", target: enc.X }] })).toThrow(
      /targetValues/,
    );
    const bad = matrix(enc.X.rows, enc.X.cols, Float64Array.from(enc.X.data));
    (bad.data as Float64Array)[5] = Number.NaN;
    expect(() =>
      analyseLeakage({ attribute: "g", layers: [{ layer: "L", target: bad }], targetValues: enc.values }),
    ).toThrow(/non-finite/);
    expect(() => analyseLeakage({ attribute: "g", layers: [] })).toThrow(/layers: no layer/);
  });
});
