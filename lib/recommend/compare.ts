/**
 * Reading the verification: which strategy won at a training-set size, and whether the recommendation
 * agreed.
 *
 * Winner: the strategy with the highest test accuracy at that fraction. Another strategy is tied with
 * it when the 95 % interval of their accuracy difference contains 0 (Newcombe 1998, method 10, from
 * the two Wilson intervals; margin.ts): the data cannot tell them apart. With a tie the winner is
 * reported as "tie" and `tied` lists every strategy tied with the best (the best included). The
 * interval treats the two accuracies as independent although all strategies share one test set, so it
 * is conservative: it calls a tie a little more often than a paired test (McNemar) would.
 * Equal accuracies are ordered frozen, fine_tune, scratch (the cheaper first).
 *
 * Agreement: the verdict's strategy (transfer -> frozen, fine_tune -> fine_tune, from_scratch ->
 * scratch, small_different -> frozen, verified at the earlier split layer the verdict chose) agrees when
 * it is the winner, or is among the tied strategies.
 */
import { differenceInterval } from "./margin";
import { STRATEGIES, type Strategy } from "./strategies";
import type { Verdict } from "./types";
import type { VerificationRun } from "./verify";

export interface WinnerResult {
  fraction: number;
  winner: Strategy | "tie";
  best: Strategy;
  /** Strategies whose difference from the best is not significant (the best first). */
  tied: Strategy[];
}

export function winner(runs: readonly VerificationRun[], fraction: number): WinnerResult {
  const at = runs.filter((r) => r.fraction === fraction);
  if (at.length === 0) {
    const have = [...new Set(runs.map((r) => r.fraction))].join(", ");
    throw new Error(`winner: no runs at fraction ${fraction} (fractions run: ${have || "none"})`);
  }
  const order = (s: Strategy) => STRATEGIES.indexOf(s);
  const sorted = [...at].sort((a, b) => b.accuracy - a.accuracy || order(a.strategy) - order(b.strategy));
  const best = sorted[0]!;
  const tied = sorted
    .filter(
      (r) =>
        r === best ||
        differenceInterval(
          { value: best.accuracy, low: best.low, high: best.high },
          { value: r.accuracy, low: r.low, high: r.high },
        ).low <= 0,
    )
    .map((r) => r.strategy);
  return { fraction, winner: tied.length > 1 ? "tie" : best.strategy, best: best.strategy, tied };
}

export const VERDICT_STRATEGY: Record<Verdict, Strategy> = {
  transfer: "frozen",
  fine_tune: "fine_tune",
  from_scratch: "scratch",
  small_different: "frozen",
};

export interface Agreement {
  expected: Strategy;
  agrees: boolean;
  /** "winner": the expected strategy won outright; "tied": it is among the tied best; "no": it lost. */
  how: "winner" | "tied" | "no";
}

export function agreement(verdict: Verdict, w: WinnerResult): Agreement {
  const expected = VERDICT_STRATEGY[verdict];
  if (w.winner === expected) return { expected, agrees: true, how: "winner" };
  if (w.winner === "tie" && w.tied.includes(expected)) return { expected, agrees: true, how: "tied" };
  return { expected, agrees: false, how: "no" };
}
