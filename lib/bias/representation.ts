/**
 * Representation of an attribute's groups in the source (pretraining) and target data: counts,
 * shares with Wilson 95 % intervals, total variation distance and Jensen-Shannon divergence
 * between the two distributions, a test of homogeneity, and each group's representation ratio
 * against a reference (the target, or a population distribution the user gives).
 *
 * Ratio intervals: against the target, Katz's log interval for a ratio of two independent
 * proportions; against a population (a fixed known share, no sampling error), the Wilson bounds
 * of the sample share divided by the population share.
 */
import { ratioOfProportions } from "@/lib/metrics/stats/contingency";
import { wilsonInterval } from "@/lib/metrics/stats/wilson";
import { jensenShannon, sharesFromCounts, totalVariation } from "./divergence";
import { checkMinGroupSize, countGroups, countShare, orderedGroups } from "./groups";
import { homogeneityTest } from "./table-test";
import { MIN_GROUP_SIZE } from "./thresholds";
import type { AttributeMeta, AttributeValues, CountShare, Estimate, TableTest } from "./types";

export interface PopulationReference {
  /** What the population is, for reports (e.g. "US Census 2020"). */
  name: string;
  /** Share (or count) per group; normalised to sum to 1. */
  shares: Readonly<Record<string, number>>;
}

export interface RepresentationInput extends AttributeMeta {
  source: AttributeValues;
  target: AttributeValues;
  /** Reference for the representation ratio: the target (default) or a population distribution. */
  reference?: PopulationReference;
  minGroupSize?: number;
}

export interface SideShare extends CountShare {
  /** Fewer members than the minimum group size: reported, never judged. */
  tooSmall: boolean;
}

export interface RepresentationGroup {
  group: string;
  source: SideShare;
  target: SideShare;
  /** The group's share in the reference (the target share, or the population share). */
  referenceShare: number;
  /** Source share / reference share with 95 % interval; null when the reference share is 0. */
  ratio: Estimate | null;
  /** Target share / population share (only with a population reference). */
  targetRatio: Estimate | null;
  /** Whether `ratio` may be judged: the groups it rests on all reach the minimum size. */
  judged: boolean;
  /** Whether `targetRatio` may be judged. */
  targetJudged: boolean;
}

export interface RepresentationResult extends AttributeMeta {
  minGroupSize: number;
  referenceName: string;
  source: { n: number; missing: number };
  target: { n: number; missing: number };
  groups: RepresentationGroup[];
  /** ½ Σ |p − q| between source and target shares. */
  tvd: number;
  /** Jensen-Shannon divergence, base 2, between source and target shares. */
  js: number;
  /** Homogeneity of the source and target distributions (null when fewer than 2 groups). */
  test: TableTest | null;
  notes: string[];
}

function side(count: number, n: number, min: number): SideShare {
  return { ...countShare(count, n), tooSmall: count < min };
}

function normalisePopulation(ref: PopulationReference): Map<string, number> {
  const entries = Object.entries(ref.shares);
  if (entries.length === 0) throw new Error("reference.shares: empty population distribution");
  let total = 0;
  for (const [g, v] of entries) {
    if (!Number.isFinite(v) || v < 0)
      throw new Error(`reference.shares["${g}"]: must be a finite value >= 0, got ${v}`);
    total += v;
  }
  if (!(total > 0)) throw new Error("reference.shares: values sum to 0");
  return new Map(entries.map(([g, v]) => [g, v / total]));
}

function ratioAgainstPopulation(count: number, n: number, popShare: number): Estimate | null {
  if (popShare === 0 || n === 0) return null;
  const ci = wilsonInterval(count, n);
  return { estimate: ci.estimate / popShare, lower: ci.lower / popShare, upper: ci.upper / popShare };
}

export function analyseRepresentation(input: RepresentationInput): RepresentationResult {
  const min = checkMinGroupSize(input.minGroupSize ?? MIN_GROUP_SIZE);
  const src = countGroups(input.source, "source");
  const tgt = countGroups(input.target, "target");
  if (src.n === 0) throw new Error(`source: no non-missing values of "${input.attribute}"`);
  if (tgt.n === 0) throw new Error(`target: no non-missing values of "${input.attribute}"`);
  const population = input.reference ? normalisePopulation(input.reference) : null;
  const groups = orderedGroups(
    src.counts,
    tgt.counts,
    population ? new Map([...population.keys()].map((g) => [g, 0])) : new Map(),
  );
  const notes: string[] = [];

  const rows = groups.map((g): RepresentationGroup => {
    const cs = src.counts.get(g) ?? 0;
    const ct = tgt.counts.get(g) ?? 0;
    const source = side(cs, src.n, min);
    const target = side(ct, tgt.n, min);
    if (population) {
      const pop = population.get(g) ?? 0;
      if (pop === 0) notes.push(`group "${g}" is absent from the population reference: no ratio`);
      return {
        group: g,
        source,
        target,
        referenceShare: pop,
        ratio: ratioAgainstPopulation(cs, src.n, pop),
        targetRatio: ratioAgainstPopulation(ct, tgt.n, pop),
        judged: pop > 0 && !source.tooSmall,
        targetJudged: pop > 0 && !target.tooSmall,
      };
    }
    const ratio = ct === 0 ? null : ratioOfProportions(cs, src.n, ct, tgt.n);
    if (ct === 0) notes.push(`group "${g}" does not occur in the target: no ratio against the target`);
    return {
      group: g,
      source,
      target,
      referenceShare: target.share,
      ratio,
      targetRatio: null,
      judged: ratio !== null && !source.tooSmall && !target.tooSmall,
      targetJudged: false,
    };
  });

  const p = sharesFromCounts(
    groups.map((g) => src.counts.get(g) ?? 0),
    "source",
  );
  const q = sharesFromCounts(
    groups.map((g) => tgt.counts.get(g) ?? 0),
    "target",
  );
  const tested = homogeneityTest([
    groups.map((g) => src.counts.get(g) ?? 0),
    groups.map((g) => tgt.counts.get(g) ?? 0),
  ]);
  if (tested.skipped) notes.push(tested.skipped);
  if (tested.test?.warning) notes.push(tested.test.warning);

  return {
    attribute: input.attribute,
    ...(input.inferredBy ? { inferredBy: input.inferredBy } : {}),
    minGroupSize: min,
    referenceName: input.reference ? input.reference.name : "target",
    source: { n: src.n, missing: src.missing },
    target: { n: tgt.n, missing: tgt.missing },
    groups: rows,
    tvd: totalVariation(p, q),
    js: jensenShannon(p, q),
    test: tested.test,
    notes,
  };
}
