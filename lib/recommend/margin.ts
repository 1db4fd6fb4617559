/**
 * The pretrained-vs-random margin of a linear probe, with a 95 % interval, and the share of the
 * random features' errors that pretraining removes.
 *
 * Interval of d = p1 - p2 from the two proportions' own 95 % intervals [l1, u1], [l2, u2]: Newcombe's
 * hybrid score method (Newcombe 1998, Statistics in Medicine 17:873-890, method 10), the MOVER
 * construction of Zou & Donner (2008, Statistics in Medicine 27:1693-1702):
 *   low  = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
 *   high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)
 * It treats the two accuracies as independent. Both probes are measured on the same target rows, so
 * their errors are positively correlated and the true interval is narrower: this one is conservative,
 * which is the safe side for "the margin counts only when the intervals support it".
 */
import type { IntervalEstimate } from "./types";

export interface MarginInterval {
  value: number;
  low: number;
  high: number;
}

export function differenceInterval(a: IntervalEstimate, b: IntervalEstimate): MarginInterval {
  const d = a.value - b.value;
  return {
    value: d,
    low: d - Math.hypot(a.value - a.low, b.high - b.value),
    high: d + Math.hypot(a.high - a.value, b.value - b.low),
  };
}

/**
 * gain = (p_pretrained - p_random) / (1 - p_random): the share of the random features' errors the
 * pretrained features remove (1 = all, 0 = none, negative = pretrained features are worse). 0 when the
 * random features make no errors (nothing left to remove).
 */
export function errorReduction(pretrained: number, random: number): number {
  return random >= 1 ? 0 : (pretrained - random) / (1 - random);
}
