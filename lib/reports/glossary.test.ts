import { describe, expect, it } from "vitest";
import { GLOSSARY, hasTerm, term, VERDICTS } from "./glossary";

// Every metric name the pipeline stores (lib/audits/stages/measure.ts, lib/metrics/transferability)
// and every evidence name of the recommendation rule (lib/recommend) must have an explanation.
const STORED = [
  "mmd2",
  "frechet",
  "coral",
  "ks_pca",
  "bbsd",
  "pad",
  "domain_auc",
  "logme",
  "hScore",
  "transRate",
  "gbc",
  "knnAccuracy",
  "linearProbeAccuracy",
  "leep",
  "nce",
  "linear_probe_accuracy",
  "knn_accuracy",
  "proxy_a_distance",
  "probe_margin",
  "median_per_class",
  "min_per_class",
  "chance_accuracy",
];

describe("glossary", () => {
  it("explains every stored metric in one sentence", () => {
    for (const k of STORED) {
      expect(hasTerm(k), k).toBe(true);
      const e = term(k);
      expect(e.explain.length, k).toBeGreaterThan(20);
      // One sentence: a single full stop, at the end.
      expect(e.explain.replace(/\b(et al|e\.g|i\.e)\./g, "").match(/\.\s/g), k).toBeNull();
    }
  });

  it("maps the recommendation's evidence names onto the same entries", () => {
    expect(term("linear_probe_accuracy")).toBe(GLOSSARY.linearProbeAccuracy);
    expect(term("proxy_a_distance")).toBe(GLOSSARY.pad);
  });

  it("falls back visibly for an unknown key and names every verdict", () => {
    expect(hasTerm("nonsense")).toBe(false);
    expect(term("nonsense").label).toBe("nonsense");
    expect(Object.keys(VERDICTS).sort()).toEqual([
      "fine_tune",
      "from_scratch",
      "small_different",
      "transfer",
    ]);
  });
});
