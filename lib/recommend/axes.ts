/**
 * The two axes of the lecture's table, each read from measured numbers with the probability that it
 * was read the right way (the ingredient of the confidence):
 *
 * Size: the median number of samples per class against LARGE_PER_CLASS, on the log scale.
 *   P(size side right) = Phi(|ln(median / LARGE_PER_CLASS)| / SIZE_LOG_SPREAD).
 *
 * Task: at a layer, the pretrained-vs-random linear-probe margin d (interval [lo, hi], margin.ts)
 * against the boundary b = MIN_GAIN * (1 - acc_random) (the margin at which pretraining removes
 * MIN_GAIN of the random features' errors):
 *   - "similar" when lo > b and lo > 0 (the whole interval above the boundary, the margin significantly
 *     positive): P = Phi((d - b) / se), se = (d - lo) / 1.96;
 *   - "different" when hi < b (the whole interval below): P = Phi((b - d) / se), se = (hi - d) / 1.96;
 *   - otherwise the margin cannot decide, and the shift votes: the lowest proxy A-distance among the
 *     layers up to the reference one, below PAD_SIMILAR_MAX, says similar;
 *     P = Phi(|PAD - PAD_SIMILAR_MAX| / se_PAD) * SHIFT_VOTE_FACTOR.
 *     Why the lowest and not the reference layer's: early layers see the data (ink, texture,
 *     contrast), top layers the classes, and two disjoint sets of classes from one domain are
 *     separable at the top by construction. MNIST 0-4 against 5-9 with 50 target rows: PAD 1.28 at
 *     `features` but 0.16 at `pool1` (scripts/eval/recommend.ts).
 * Phi is the standard normal CDF: the probability, under a normal approximation of the estimate's
 * sampling error, that the true value lies on the side of the threshold the estimate is on.
 */
import { normalCdf } from "@/lib/metrics/stats/distributions";
import { differenceInterval, errorReduction, type MarginInterval } from "./margin";
import {
  LARGE_PER_CLASS,
  MIN_GAIN,
  MIN_PER_CLASS,
  PAD_DEFAULT_SE,
  PAD_SIMILAR_MAX,
  SHIFT_VOTE_FACTOR,
  SIZE_LOG_SPREAD,
  Z95,
} from "./thresholds";
import type { LayerEvidence, TargetSize } from "./types";

export interface SizeAxis {
  size: "small" | "large";
  tiny: boolean;
  medianPerClass: number;
  minPerClass: number;
  /** Probability that the size side is right. */
  p: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function readSize(t: TargetSize): SizeAxis {
  const counts = Object.values(t.perClass);
  const medianPerClass = median(counts);
  const minPerClass = Math.min(...counts);
  const size = medianPerClass >= LARGE_PER_CLASS ? "large" : "small";
  // ln(0) = -Infinity -> Phi(Infinity) = 1: an empty median class is certainly "small".
  const dist = Math.abs(Math.log(medianPerClass / LARGE_PER_CLASS)) / SIZE_LOG_SPREAD;
  return { size, tiny: minPerClass < MIN_PER_CLASS, medianPerClass, minPerClass, p: normalCdf(dist) };
}

export interface LayerMargin {
  evidence: LayerEvidence;
  margin: MarginInterval;
  /** Share of the random features' errors the pretrained features remove (point estimate). */
  gain: number;
  /** The margin at which the gain equals MIN_GAIN. */
  boundary: number;
}

export function layerMargin(e: LayerEvidence): LayerMargin {
  const pre = e.transfer.linearProbe;
  const rnd = e.random.linearProbe;
  return {
    evidence: e,
    margin: differenceInterval(pre, rnd),
    gain: errorReduction(pre.value, rnd.value),
    boundary: MIN_GAIN * (1 - rnd.value),
  };
}

export interface TaskAxis {
  task: "similar" | "different";
  /** What decided: the margin (its interval on one side of the boundary) or, failing that, the shift. */
  by: "margin" | "shift";
  /** Probability that the task side is right. */
  p: number;
  /** The layer whose shift voted (the lowest PAD up to the reference layer), when the shift decided. */
  shiftLayer?: LayerEvidence;
}

/** Phi(distance / se), with se from a 95 % half-width; a zero-width interval means certainty. */
function sideProbability(distance: number, halfWidth: number): number {
  if (halfWidth <= 0) return distance > 0 ? 1 : 0.5;
  return normalCdf(distance / (halfWidth / Z95));
}

/** `layers` in depth order; `m` is the reference layer (one of them). */
export function readTask(m: LayerMargin, layers: readonly LayerEvidence[]): TaskAxis {
  const { value: d, low, high } = m.margin;
  const b = m.boundary;
  if (low > b && low > 0) return { task: "similar", by: "margin", p: sideProbability(d - b, d - low) };
  if (high < b) return { task: "different", by: "margin", p: sideProbability(b - d, high - d) };
  const upTo = layers.filter((l) => l.depth <= m.evidence.depth);
  const voter = upTo.reduce((a, l) => (l.shift.pad.value < a.shift.pad.value ? l : a), m.evidence);
  const pad = voter.shift.pad;
  const v = Math.max(0, pad.value);
  // The half-width on the side of the threshold, when the PAD came with an interval.
  const half =
    v < PAD_SIMILAR_MAX
      ? pad.high !== undefined
        ? pad.high - pad.value
        : PAD_DEFAULT_SE * Z95
      : pad.low !== undefined
        ? pad.value - pad.low
        : PAD_DEFAULT_SE * Z95;
  const task = v < PAD_SIMILAR_MAX ? "similar" : "different";
  const p = sideProbability(Math.abs(v - PAD_SIMILAR_MAX), half) * SHIFT_VOTE_FACTOR;
  return { task, by: "shift", p, shiftLayer: voter };
}
