/**
 * Bias warnings for the report tests, made by the real analyses (lib/bias) and stored the way the
 * bias stage stores them (storedWarning): a text-demo-like label × party table and two layers of
 * leakage.
 */
import { analyseLabelAttribute, type LeakageResult, storedWarning, warningsFrom } from "@/lib/bias";
import type { ReportWarning } from "./assemble";

/**
 * A text-demo-like table: 12 labels of 60 passages each, label i having k_i "D" and 60 − k_i "R"
 * passages, the k_i symmetric around 30 so that each party is exactly half of all passages.
 * Cell ratio = (k / 60) / 0.5: the most extreme cells are k = 5 ("D" in "l0", "R" in "l11"),
 * ratio 5/60 / 0.5 = 1/6.
 */
const K = [5, 10, 15, 20, 25, 30, 30, 35, 40, 45, 50, 55];
function sotuLike() {
  const values: string[] = [];
  const labels: string[] = [];
  K.forEach((k, i) => {
    for (let j = 0; j < 60; j++) {
      values.push(j < k ? "D" : "R");
      labels.push(`l${i}`);
    }
  });
  return analyseLabelAttribute({ attribute: "party", values, labels, labelName: "topic", dataset: "target" });
}

/** A leakage result with two target layers, margins [lo, hi] over a chance level of 0.5. */
function leakage(): LeakageResult {
  const side = (lo: number, hi: number) => ({
    n: 720,
    groups: ["D", "R"],
    balancedAccuracy: 0.5 + (lo + hi) / 2,
    lower: 0.5 + lo,
    upper: 0.5 + hi,
    baseline: 0.5,
    margin: (lo + hi) / 2,
    marginLower: lo,
    marginUpper: hi,
    folds: 5,
  });
  return {
    attribute: "party",
    minGroupSize: 30,
    seed: 0,
    resamples: 200,
    layers: [
      { layer: "embedding", source: null, target: side(0.2, 0.3) },
      { layer: "hidden", source: null, target: side(-0.02, 0.03) },
    ],
    excluded: { source: [], target: [] },
    missing: { source: 0, target: 0 },
    summary: { source: null, target: { least: "hidden", most: "embedding" } },
    notes: [],
  };
}

/** The warnings as the report reads them: stored by the bias stage's mapping, ids in order. */
export function reportWarnings(): ReportWarning[] {
  return warningsFrom({ labelAttribute: sotuLike(), leakage: leakage() }).map((w, i) => ({
    id: i + 1,
    category: "bias",
    reviewState: i === 0 ? "acknowledged" : "open",
    ...storedWarning(w),
  }));
}
