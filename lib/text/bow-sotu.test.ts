import { describe, expect, it } from "vitest";
import { BOW_SOTU_DEFAULTS, pretrainBowSotu, splitSotuSource } from "./bow-sotu";

describe("bow-sotu pretraining recipe", () => {
  it("holds out whole addresses, two per decade, chosen by the seed", () => {
    const a = splitSotuSource(BOW_SOTU_DEFAULTS);
    // 11 decades (1790s-1890s) x 2 addresses.
    expect(a.classes).toHaveLength(11);
    expect(a.heldOutSpeeches).toHaveLength(22);
    const heldOut = new Set(a.heldOutSpeeches);
    expect(a.train.some((p) => heldOut.has(p.speechKey))).toBe(false);
    expect(a.heldOut.every((p) => heldOut.has(p.speechKey))).toBe(true);
    expect(splitSotuSource({ ...BOW_SOTU_DEFAULTS, seed: 2 }).heldOutSpeeches).not.toEqual(a.heldOutSpeeches);
  });

  it("is reproducible: a reduced run twice with one seed gives one weights hash", async () => {
    // Reduced: every 40th passage, 300 words, small layers, one epoch.
    const quick = {
      ...BOW_SOTU_DEFAULTS,
      passageStride: 40,
      vocabularySize: 300,
      hidden: 16,
      features: 8,
      epochs: 1,
    };
    const a = await pretrainBowSotu(quick);
    const b = await pretrainBowSotu(quick);
    expect(a.trained.weightsHash).toBe(b.trained.weightsHash);
    expect(a.vocabulary).toEqual(b.vocabulary);
    const c = await pretrainBowSotu({ ...quick, seed: quick.seed + 1 });
    expect(c.trained.weightsHash).not.toBe(a.trained.weightsHash);
  });
});
