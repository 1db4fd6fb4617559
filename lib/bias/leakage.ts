/**
 * Leakage of a protected attribute in the features: how well a cross-validated linear classifier
 * predicts the attribute from the embeddings of each layer (Wang et al., ICCV 2019, "Balanced
 * Datasets Are Not Enough": if an attribute can be recovered from the representation, a model
 * built on it can use the attribute even when labels are balanced).
 *
 * Reported per layer and per dataset (source / target): balanced accuracy of the out-of-fold
 * predictions (mean per-class recall, so it is not inflated by a majority group), a seeded
 * stratified bootstrap 95 % interval over those predictions, the baseline of a constant predictor
 * (balanced accuracy 1/C for C classes) and the margin above it. Groups below the minimum size are
 * left out of the classification and listed. The bootstrap covers sampling of the evaluated
 * predictions, not the refitting of the classifier (a refit per resample would cost 1000 fits).
 */
import { crossValPredict } from "@/lib/metrics/classifiers/crossval";
import { balancedAccuracy } from "@/lib/metrics/classifiers/scores";
import { assertFinite, type Matrix, takeRows } from "@/lib/metrics/matrix";
import { stratifiedBootstrap } from "./bootstrap";
import { encodeAttribute } from "./encode";
import { checkMinGroupSize } from "./groups";
import { MIN_GROUP_SIZE } from "./thresholds";
import type { AttributeMeta, AttributeValues } from "./types";

export interface LeakageLayerInput {
  layer: string;
  /** Source embeddings for this layer, one row per source sample. */
  source?: Matrix;
  /** Target embeddings for this layer, one row per target sample. */
  target?: Matrix;
}

export interface LeakageInput extends AttributeMeta {
  layers: ReadonlyArray<LeakageLayerInput>;
  sourceValues?: AttributeValues;
  targetValues?: AttributeValues;
  minGroupSize?: number;
  folds?: number;
  seed?: number;
  l2?: number;
  /** Bootstrap resamples for the interval (default 1000). */
  resamples?: number;
}

export interface LeakageScore {
  /** Samples used (non-missing, in groups ≥ the minimum size). */
  n: number;
  groups: string[];
  balancedAccuracy: number;
  lower: number;
  upper: number;
  /** Balanced accuracy of a constant predictor: 1 / number of classes. */
  baseline: number;
  margin: number;
  marginLower: number;
  marginUpper: number;
  folds: number;
}

export interface LeakageLayerResult {
  layer: string;
  source: LeakageScore | null;
  target: LeakageScore | null;
}

export interface LeakageResult extends AttributeMeta {
  minGroupSize: number;
  seed: number;
  resamples: number;
  layers: LeakageLayerResult[];
  excluded: {
    source: Array<{ group: string; count: number }>;
    target: Array<{ group: string; count: number }>;
  };
  missing: { source: number; target: number };
  /** Per dataset, the layer whose margin is lowest (least leakage) and highest. */
  summary: {
    source: { least: string; most: string } | null;
    target: { least: string; most: string } | null;
  };
  notes: string[];
}

interface Prepared {
  rows: Int32Array;
  y: Int32Array;
  classes: string[];
  excluded: Array<{ group: string; count: number }>;
  missing: number;
}

function score(
  X: Matrix,
  prep: Prepared,
  field: string,
  opts: { folds: number; seed: number; l2?: number; resamples: number },
): LeakageScore {
  assertFinite(X, field);
  const Xs = takeRows(X, prep.rows);
  const cv = crossValPredict(Xs, prep.y, {
    folds: opts.folds,
    seed: opts.seed,
    ...(opts.l2 !== undefined ? { l2: opts.l2 } : {}),
  });
  const ba = balancedAccuracy(prep.y, cv.predicted);
  const yb = new Int32Array(prep.y.length);
  const pb = new Int32Array(prep.y.length);
  const ci = stratifiedBootstrap(
    prep.y,
    (idx) => {
      for (let k = 0; k < idx.length; k++) {
        yb[k] = prep.y[idx[k]!]!;
        pb[k] = cv.predicted[idx[k]!]!;
      }
      return balancedAccuracy(yb, pb);
    },
    { resamples: opts.resamples, seed: opts.seed },
  );
  const baseline = 1 / prep.classes.length;
  return {
    n: prep.y.length,
    groups: prep.classes,
    balancedAccuracy: ba,
    lower: ci.lower,
    upper: ci.upper,
    baseline,
    margin: ba - baseline,
    marginLower: ci.lower - baseline,
    marginUpper: ci.upper - baseline,
    folds: cv.folds,
  };
}

function extremes(
  layers: LeakageLayerResult[],
  side: "source" | "target",
): { least: string; most: string } | null {
  const scored = layers.filter((l) => l[side] !== null);
  if (scored.length === 0) return null;
  const least = scored.reduce((a, b) => (b[side]!.margin < a[side]!.margin ? b : a));
  const most = scored.reduce((a, b) => (b[side]!.margin > a[side]!.margin ? b : a));
  return { least: least.layer, most: most.layer };
}

export function analyseLeakage(input: LeakageInput): LeakageResult {
  const min = checkMinGroupSize(input.minGroupSize ?? MIN_GROUP_SIZE);
  const seed = input.seed ?? 0;
  const resamples = input.resamples ?? 1000;
  const folds = input.folds ?? 5;
  if (input.layers.length === 0) throw new Error("layers: no layer given");
  const notes: string[] = [];
  const prepare = (values: AttributeValues | undefined, side: "source" | "target"): Prepared | null => {
    if (!values) return null;
    const enc = encodeAttribute(values, min, `${side}Values`);
    if (enc.classes.length < 2) {
      notes.push(
        `${side}: fewer than 2 groups of "${input.attribute}" reach the minimum size ${min}; leakage not measured`,
      );
      return { ...enc, classes: enc.classes, rows: new Int32Array(0), y: new Int32Array(0) };
    }
    return enc;
  };
  const src = prepare(input.sourceValues, "source");
  const tgt = prepare(input.targetValues, "target");
  const opts = { folds, seed, ...(input.l2 !== undefined ? { l2: input.l2 } : {}), resamples };

  const layers = input.layers.map((l): LeakageLayerResult => {
    const run = (
      X: Matrix | undefined,
      prep: Prepared | null,
      values: AttributeValues | undefined,
      side: string,
    ) => {
      if (!X) return null;
      if (!values || !prep)
        throw new Error(
          `${side}Values: layer "${l.layer}" has ${side} embeddings but no ${side} attribute values`,
        );
      if (X.rows !== values.length) {
        throw new Error(
          `layers["${l.layer}"].${side}: ${X.rows} rows but ${values.length} ${side} attribute values`,
        );
      }
      if (prep.classes.length < 2) return null;
      return score(X, prep, `layers["${l.layer}"].${side}`, opts);
    };
    return {
      layer: l.layer,
      source: run(l.source, src, input.sourceValues, "source"),
      target: run(l.target, tgt, input.targetValues, "target"),
    };
  });

  for (const [side, prep] of [
    ["source", src],
    ["target", tgt],
  ] as const) {
    if (prep && prep.excluded.length > 0) {
      notes.push(
        `${side}: left out as too small to judge (below ${min}): ` +
          prep.excluded.map((e) => `${e.group} (${e.count})`).join(", "),
      );
    }
  }

  return {
    attribute: input.attribute,
    ...(input.inferredBy ? { inferredBy: input.inferredBy } : {}),
    minGroupSize: min,
    seed,
    resamples,
    layers,
    excluded: { source: src?.excluded ?? [], target: tgt?.excluded ?? [] },
    missing: { source: src?.missing ?? 0, target: tgt?.missing ?? 0 },
    summary: { source: extremes(layers, "source"), target: extremes(layers, "target") },
    notes,
  };
}
