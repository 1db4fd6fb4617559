/**
 * Group fairness of a favourable label, with the AIF360 definitions (Bellamy et al. 2018,
 * `aif360.metrics.BinaryLabelDatasetMetric`):
 *   statistical parity difference  SPD = P(y = fav | unprivileged) − P(y = fav | privileged)
 *   disparate impact               DI  = P(y = fav | unprivileged) / P(y = fav | privileged)
 * Computed here on the OBSERVED labels of a dataset (a property of the data, not of a model's
 * predictions). With more than two groups, each group is compared with the privileged one.
 * Intervals: Newcombe's hybrid score interval for SPD (Newcombe 1998b, method 10) and Katz's log
 * interval for DI (Katz et al. 1978).
 */
import { ratioOfProportions } from "@/lib/metrics/stats/contingency";
import { newcombeDifference } from "@/lib/metrics/stats/wilson";
import { countShare } from "./groups";
import type { CountShare, Estimate } from "./types";

export interface GroupRate {
  group: string;
  /** Favourable count out of the group's labelled samples. */
  favourable: CountShare;
  tooSmall: boolean;
}

export interface FairnessComparison {
  group: string;
  spd: Estimate;
  /** null when the privileged group's favourable rate is 0 (ratio undefined). */
  di: Estimate | null;
  /** False when this group or the privileged group is below the minimum size. */
  judged: boolean;
}

export interface FairnessResult {
  basis: "observed labels";
  note: string;
  favourable: string;
  privileged: string;
  privilegedChosenBy: "user" | "highest favourable rate";
  rates: GroupRate[];
  comparisons: FairnessComparison[];
  /** The judged comparison with the lowest favourable rate (most negative SPD, lowest DI). */
  worst: FairnessComparison | null;
}

export function groupFairness(
  table: ReadonlyMap<string, { favourable: number; total: number }>,
  favourable: string,
  minGroupSize: number,
  privileged?: string,
  datasetName = "target",
): FairnessResult {
  const rates: GroupRate[] = [...table].map(([group, c]) => ({
    group,
    favourable: countShare(c.favourable, c.total),
    tooSmall: c.total < minGroupSize,
  }));
  if (rates.length < 2)
    throw new Error(`favourable: needs at least 2 groups to compare, got ${rates.length}`);
  let priv: GroupRate | undefined;
  if (privileged !== undefined) {
    priv = rates.find((r) => r.group === privileged);
    if (!priv) {
      throw new Error(
        `privileged: group "${privileged}" not found (groups: ${rates.map((r) => r.group).join(", ")})`,
      );
    }
  } else {
    // Highest favourable rate among groups large enough to judge; all groups if none is.
    const pool = rates.some((r) => !r.tooSmall) ? rates.filter((r) => !r.tooSmall) : rates;
    priv = pool.reduce((best, r) => (r.favourable.share > best.favourable.share ? r : best));
  }
  const p = priv;
  const comparisons = rates
    .filter((r) => r.group !== p.group)
    .map((r): FairnessComparison => {
      const spd = newcombeDifference(r.favourable.count, r.favourable.n, p.favourable.count, p.favourable.n);
      const di =
        p.favourable.count === 0
          ? null
          : ratioOfProportions(r.favourable.count, r.favourable.n, p.favourable.count, p.favourable.n);
      return { group: r.group, spd, di, judged: !r.tooSmall && !p.tooSmall };
    });
  const judged = comparisons.filter((c) => c.judged);
  const worst =
    judged.length === 0 ? null : judged.reduce((w, c) => (c.spd.estimate < w.spd.estimate ? c : w));
  return {
    basis: "observed labels",
    note:
      `SPD and DI are computed on the observed labels of the ${datasetName} (how often each group carries the ` +
      `favourable label "${favourable}"), not on a model's predictions. Privileged group: "${p.group}"` +
      (privileged === undefined
        ? " (chosen as the group with the highest favourable rate)."
        : " (given by the user)."),
    favourable,
    privileged: p.group,
    privilegedChosenBy: privileged === undefined ? "highest favourable rate" : "user",
    rates,
    comparisons,
    worst,
  };
}
