/**
 * Group performance after transfer: accuracy of a linear probe on the target, per group of a
 * protected attribute, from out-of-fold predictions (each sample predicted by a probe that did not
 * see it). Per-group accuracy with a Wilson 95 % interval; the worst-group gap (best − worst among
 * groups that reach the minimum size) with a seeded bootstrap 95 % interval, resampling within each
 * group. The best and worst groups are chosen on the full sample and kept fixed in the resamples,
 * so the interval can include 0; choosing them on the same data makes the point estimate
 * optimistic about the gap (a winner's-curse bias), which matters most with many small groups.
 */
import { crossValPredict } from "@/lib/metrics/classifiers/crossval";
import { assertFinite, type Matrix } from "@/lib/metrics/matrix";
import { stratifiedBootstrap } from "./bootstrap";
import { checkMinGroupSize, countShare, orderedGroups } from "./groups";
import { MIN_GROUP_SIZE } from "./thresholds";
import type { AttributeMeta, AttributeValues, CountShare, Estimate } from "./types";

export interface GroupPerformanceInput extends AttributeMeta {
  /** Attribute value per target sample (null = missing). */
  values: AttributeValues;
  /** Task class index per target sample (0..C−1). */
  y: Int32Array;
  /** Target embeddings: a linear probe is cross-validated on them. */
  X?: Matrix;
  /** Or out-of-fold predictions already computed (one per sample). */
  predicted?: Int32Array;
  minGroupSize?: number;
  folds?: number;
  seed?: number;
  l2?: number;
  resamples?: number;
}

export interface GroupAccuracy {
  group: string;
  accuracy: CountShare;
  tooSmall: boolean;
}

export interface GroupPerformanceResult extends AttributeMeta {
  minGroupSize: number;
  predictions: "linear probe, out-of-fold" | "given";
  seed: number;
  overall: CountShare;
  missing: number;
  groups: GroupAccuracy[];
  /** Best − worst accuracy among judged groups; null when fewer than 2 groups reach the minimum size. */
  gap: (Estimate & { best: string; worst: string }) | null;
  notes: string[];
}

export function analyseGroupPerformance(input: GroupPerformanceInput): GroupPerformanceResult {
  const min = checkMinGroupSize(input.minGroupSize ?? MIN_GROUP_SIZE);
  const seed = input.seed ?? 0;
  const n = input.y.length;
  if (n < 2) throw new Error(`y: needs at least 2 samples, got ${n}`);
  if (input.values.length !== n)
    throw new Error(`values: ${input.values.length} attribute values for ${n} labels`);
  let predicted: Int32Array;
  let source: GroupPerformanceResult["predictions"];
  if (input.predicted) {
    if (input.predicted.length !== n)
      throw new Error(`predicted: ${input.predicted.length} predictions for ${n} labels`);
    predicted = input.predicted;
    source = "given";
  } else if (input.X) {
    if (input.X.rows !== n) throw new Error(`X: ${input.X.rows} rows for ${n} labels`);
    assertFinite(input.X, "X");
    const cv = crossValPredict(input.X, input.y, {
      folds: input.folds ?? 5,
      seed,
      ...(input.l2 !== undefined ? { l2: input.l2 } : {}),
    });
    predicted = cv.predicted;
    source = "linear probe, out-of-fold";
  } else {
    throw new Error("X / predicted: give the target embeddings or the out-of-fold predictions");
  }

  const correct = new Uint8Array(n);
  let totalCorrect = 0;
  for (let i = 0; i < n; i++) {
    correct[i] = predicted[i] === input.y[i] ? 1 : 0;
    totalCorrect += correct[i]!;
  }
  const tallies = new Map<string, { n: number; correct: number }>();
  let missing = 0;
  input.values.forEach((v, i) => {
    if (v === null) {
      missing++;
      return;
    }
    const t = tallies.get(v) ?? { n: 0, correct: 0 };
    t.n++;
    t.correct += correct[i]!;
    tallies.set(v, t);
  });
  const order = orderedGroups(new Map([...tallies].map(([g, t]) => [g, t.n])));
  const groups = order.map((g): GroupAccuracy => {
    const t = tallies.get(g)!;
    return { group: g, accuracy: countShare(t.correct, t.n), tooSmall: t.n < min };
  });
  const notes: string[] = [];
  const small = groups.filter((g) => g.tooSmall);
  if (small.length > 0) {
    notes.push(
      `too small to judge (below ${min}): ${small.map((g) => `${g.group} (${g.accuracy.n})`).join(", ")}; not used for the gap`,
    );
  }

  const judged = groups.filter((g) => !g.tooSmall);
  let gap: GroupPerformanceResult["gap"] = null;
  if (judged.length >= 2) {
    const best = judged.reduce((a, b) => (b.accuracy.share > a.accuracy.share ? b : a));
    const worst = judged.reduce((a, b) => (b.accuracy.share < a.accuracy.share ? b : a));
    // Resample within the two groups only: the statistic depends on nothing else.
    const rows: number[] = [];
    const strata: number[] = [];
    input.values.forEach((v, i) => {
      if (v === best.group || v === worst.group) {
        rows.push(i);
        strata.push(v === best.group ? 0 : 1);
      }
    });
    const nb = best.accuracy.n;
    const nw = worst.accuracy.n;
    const ci = stratifiedBootstrap(
      Int32Array.from(strata),
      (idx) => {
        let cb = 0;
        let cw = 0;
        for (let k = 0; k < idx.length; k++) {
          const j = idx[k]!;
          if (strata[j] === 0) cb += correct[rows[j]!]!;
          else cw += correct[rows[j]!]!;
        }
        return cb / nb - cw / nw;
      },
      { resamples: input.resamples ?? 1000, seed },
    );
    gap = {
      best: best.group,
      worst: worst.group,
      estimate: best.accuracy.share - worst.accuracy.share,
      lower: ci.lower,
      upper: ci.upper,
    };
  } else {
    notes.push(`fewer than 2 groups reach the minimum size ${min}: no worst-group gap`);
  }

  return {
    attribute: input.attribute,
    ...(input.inferredBy ? { inferredBy: input.inferredBy } : {}),
    minGroupSize: min,
    predictions: source,
    seed,
    overall: countShare(totalCorrect, n),
    missing,
    groups,
    gap,
    notes,
  };
}
