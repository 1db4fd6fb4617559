/**
 * Synthetic RecommendationInput builders for the rule's tests. Probe intervals are real 95 % Wilson
 * intervals of the given accuracy on `n` rows (lib/metrics/stats/wilson.ts), so the inputs look like
 * what the metrics produce.
 */
import { wilsonInterval } from "@/lib/metrics/stats/wilson";
import type { IntervalEstimate, LayerEvidence, RecommendationInput } from "./types";

export function acc(p: number, n: number): IntervalEstimate {
  const w = wilsonInterval(Math.round(p * n), n);
  return { value: w.estimate, low: w.lower, high: w.upper };
}

export interface LayerSpec {
  layer: string;
  depth: number;
  /** Pretrained and random linear-probe accuracies. */
  pre: number;
  rnd: number;
  /** Rows the probes were measured on. */
  n: number;
  pad?: number;
  padInterval?: [number, number];
}

export function layerOf(s: LayerSpec): LayerEvidence {
  const pad = s.pad ?? 1.9;
  return {
    layer: s.layer,
    depth: s.depth,
    shift: {
      mmd2: 0.05,
      mmdPValue: 0.001,
      mmdNullMean: 0.001,
      mmdNullSd: 0.002,
      pad: s.padInterval ? { value: pad, low: s.padInterval[0], high: s.padInterval[1] } : { value: pad },
      domainAuc: 0.97,
      frechet: 12.5,
      ksRejects: 10,
    },
    transfer: { linearProbe: { ...acc(s.pre, s.n), n: s.n }, knn: acc(s.pre - 0.02, s.n) },
    random: { linearProbe: acc(s.rnd, s.n), knn: acc(s.rnd - 0.02, s.n) },
  };
}

/** `classes` balanced classes of `perClass` samples each, named c0, c1, ... */
export function inputOf(perClass: number | number[], layers: LayerSpec[], classes = 5): RecommendationInput {
  const counts = Array.isArray(perClass) ? perClass : Array.from({ length: classes }, () => perClass);
  const pc: Record<string, number> = {};
  counts.forEach((c, i) => {
    pc[`c${i}`] = c;
  });
  const n = counts.reduce((a, b) => a + b, 0);
  return {
    target: { n, perClass: pc, classes: counts.length },
    layers: layers.map(layerOf),
    chance: Math.max(...counts) / n,
    bias: { highestSeverity: "info", warnings: [] },
  };
}
