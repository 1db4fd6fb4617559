import { describe, expect, it } from "vitest";
import { reportWarnings } from "./test-bias-warnings";
import { groupBiasWarnings, parseBiasCode, WORST_SHOWN } from "./warning-groups";

const CTX = { attributes: ["party"], datasetNames: { source: "sotu-1790-1899", target: "sotu-1990-2021" } };

describe("groupBiasWarnings", () => {
  const warnings = reportWarnings();
  const groups = groupBiasWarnings(warnings, CTX);

  it("gives one entry per (kind, attribute, dataset) and per layer for leakage, losing no warning", () => {
    const cooc = warnings.filter((w) => w.code.startsWith("co-occurrence:"));
    // The fixture raises many cells (12 labels × 2 parties, most beyond the ratio band): one entry.
    expect(cooc.length).toBeGreaterThan(10);
    const g = groups.filter((x) => x.kind === "co-occurrence");
    expect(g).toHaveLength(1);
    expect(g[0]!.size).toBe(cooc.length);
    expect(g[0]).toMatchObject({ attribute: "party", dataset: "target", layer: null });
    expect(groups.filter((x) => x.kind === "leakage").map((x) => x.layer)).toEqual(["embedding", "hidden"]);
    // Every warning sits in exactly one group.
    const ids = groups.flatMap((x) => x.warningIds).sort((a, b) => a - b);
    expect(ids).toEqual(warnings.map((w) => w.id));
  });

  it("takes the most severe member's severity and counts severities and review states", () => {
    const g = groups.find((x) => x.kind === "co-occurrence")!;
    const members = warnings.filter((w) => g.warningIds.includes(w.id));
    expect(g.severity).toBe(members.some((w) => w.severity === "high") ? "high" : "medium");
    expect(g.severityCounts.high + g.severityCounts.medium + g.severityCounts.info).toBe(g.size);
    const open = members.filter((w) => w.reviewState === "open").length;
    expect(g.reviewCounts.open).toBe(open);
    // Groups come most severe first.
    const rank = { high: 0, medium: 1, info: 2 };
    const ranks = groups.map((x) => rank[x.severity]);
    expect([...ranks].sort()).toEqual(ranks);
  });

  it("lists the worst cells first with their numbers: the 1/6 ratios of the k = 5 cells", () => {
    const g = groups.find((x) => x.kind === "co-occurrence")!;
    expect(g.worst).toHaveLength(WORST_SHOWN);
    // (5 / 60) / 0.5 = 1/6, by construction of the fixture.
    expect(g.worst[0]!.value).toBeCloseTo(1 / 6, 12);
    expect(g.worst[1]!.value).toBeCloseTo(1 / 6, 12);
    expect(g.worst[0]!.low).not.toBeNull();
    expect(g.worst[0]!.counts).toMatch(/^within "l(0|11)": 5 of 60/);
    expect(g.worst[0]!.title).toMatch(
      /^"(D|R)" under-represented within label "l(0|11)" \("party" in the target\)$/,
    );
  });

  it("titles name the attribute, the dataset and, for leakage, the layer", () => {
    const g = groups.find((x) => x.kind === "co-occurrence")!;
    expect(g.title).toBe(
      `Labels tied to "party" groups in the target “sotu-1990-2021”: ${g.size} label × group cells`,
    );
    const leak = groups.filter((x) => x.kind === "leakage");
    expect(leak[0]!.title).toBe(
      `"party" recoverable from the features of the target “sotu-1990-2021” at layer "embedding"`,
    );
    // The "hidden" layer's margin interval reaches 0: info, and not called recoverable.
    expect(leak[1]!.severity).toBe("info");
    expect(leak[1]!.title).toMatch(/^"party" not recovered beyond chance/);
  });
});

describe("parseBiasCode", () => {
  it("cuts the longest known attribute out of the code, colons and all", () => {
    expect(parseBiasCode("co-occurrence:sex × race:F × W:clerical:target", ["sex", "sex × race"])).toEqual({
      kind: "co-occurrence",
      attribute: "sex × race",
      dataset: "target",
    });
    expect(parseBiasCode("leakage:a:b:layer_1:source", ["a:b"])).toEqual({
      kind: "leakage",
      attribute: "a:b",
      dataset: "source",
    });
    expect(parseBiasCode("distribution-shift:party", ["party"])).toEqual({
      kind: "distribution-shift",
      attribute: "party",
      dataset: null,
    });
    expect(parseBiasCode("dataset-card:gender:imagenet", [])).toEqual({
      kind: "dataset-card",
      attribute: "gender",
      dataset: "imagenet",
    });
  });
});
