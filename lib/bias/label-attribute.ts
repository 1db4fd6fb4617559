/**
 * Label × attribute: the co-occurrence table of labels and groups, and for each label each group's
 * share within the label against its share overall (the "occupations by demographics" view, as in
 * Zhao et al., EMNLP 2017). Each (label, group) cell is tested with a two-sided 2x2 test of the
 * group's share within the label vs outside it (Pearson chi-square, Fisher's exact test when an
 * expected count is below 5), and the family of tests is corrected (Benjamini-Hochberg by default,
 * Holm available). Optional AIF360 SPD / DI for a favourable label (see fairness.ts).
 */
import { twoByTwoTest } from "@/lib/metrics/stats/contingency";
import { type Adjustment, adjustPValues } from "@/lib/metrics/stats/multiple-testing";
import { type FairnessResult, groupFairness } from "./fairness";
import { checkMinGroupSize, countShare, orderedGroups } from "./groups";
import { homogeneityTest } from "./table-test";
import { ALPHA, MIN_GROUP_SIZE } from "./thresholds";
import type { AttributeMeta, AttributeValues, CountShare, TableTest } from "./types";

export interface LabelAttributeInput extends AttributeMeta {
  /** Attribute value per sample (null = missing). */
  values: AttributeValues;
  /** Label per sample (null = missing). */
  labels: ReadonlyArray<string | null>;
  /** Name of the label column, for reports. */
  labelName?: string;
  /** Which dataset the rows come from, for reports (default "target"). */
  dataset?: string;
  minGroupSize?: number;
  adjustment?: Adjustment;
  alpha?: number;
  /** Favourable label value: enables SPD and DI. */
  favourable?: string;
  /** Privileged group for SPD / DI (default: the group with the highest favourable rate). */
  privileged?: string;
}

export interface CooccurrenceCell {
  label: string;
  group: string;
  count: number;
  /** The group's share among samples with this label. */
  withinLabel: CountShare;
  /** The group's share among samples without this label. */
  outsideLabel: CountShare;
  /** The group's share overall. */
  overall: CountShare;
  /** withinLabel.share / overall.share. */
  ratio: number;
  /** Whether the group reaches the minimum size (only judged cells are tested). */
  judged: boolean;
  test: { method: "chi-square" | "fisher"; pValue: number } | null;
  pAdjusted: number | null;
  significant: boolean;
}

export interface LabelAttributeResult extends AttributeMeta {
  labelName: string;
  dataset: string;
  minGroupSize: number;
  adjustment: Adjustment;
  alpha: number;
  /** Rows with both a label and an attribute value. */
  n: number;
  missingAttribute: number;
  missingLabel: number;
  labels: string[];
  groups: string[];
  /** Co-occurrence counts, labels × groups. */
  table: number[][];
  groupTotals: CountShare[];
  cells: CooccurrenceCell[];
  /** Test of independence of label and group over the whole table. */
  independence: TableTest | null;
  fairness: FairnessResult | null;
  notes: string[];
}

export function analyseLabelAttribute(input: LabelAttributeInput): LabelAttributeResult {
  const min = checkMinGroupSize(input.minGroupSize ?? MIN_GROUP_SIZE);
  const alpha = input.alpha ?? ALPHA;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha: must be in (0, 1), got ${alpha}`);
  const adjustment = input.adjustment ?? "bh";
  if (input.values.length !== input.labels.length) {
    throw new Error(`labels: ${input.labels.length} labels for ${input.values.length} attribute values`);
  }
  let missingAttribute = 0;
  let missingLabel = 0;
  const pairs: Array<[string, string]> = [];
  input.values.forEach((v, i) => {
    const l = input.labels[i];
    if (v === null) missingAttribute++;
    if (l === null || l === undefined) missingLabel++;
    if (v !== null && l !== null && l !== undefined) pairs.push([l, v]);
  });
  if (pairs.length === 0) throw new Error("labels: no row has both a label and an attribute value");
  const labelCounts = new Map<string, number>();
  const groupCounts = new Map<string, number>();
  const joint = new Map<string, number>();
  for (const [l, g] of pairs) {
    labelCounts.set(l, (labelCounts.get(l) ?? 0) + 1);
    groupCounts.set(g, (groupCounts.get(g) ?? 0) + 1);
    const k = `${l}\u0000${g}`;
    joint.set(k, (joint.get(k) ?? 0) + 1);
  }
  const labels = orderedGroups(labelCounts);
  const groups = orderedGroups(groupCounts);
  const n = pairs.length;
  const table = labels.map((l) => groups.map((g) => joint.get(`${l}\u0000${g}`) ?? 0));

  const cells: CooccurrenceCell[] = [];
  labels.forEach((l, li) => {
    const nl = labelCounts.get(l)!;
    groups.forEach((g, gi) => {
      const ng = groupCounts.get(g)!;
      const a = table[li]![gi]!;
      const judged = ng >= min;
      const t = judged && nl < n ? twoByTwoTest(a, nl - a, ng - a, n - nl - (ng - a)) : null;
      const overall = countShare(ng, n);
      cells.push({
        label: l,
        group: g,
        count: a,
        withinLabel: countShare(a, nl),
        outsideLabel: countShare(ng - a, n - nl),
        overall,
        ratio: a / nl / overall.share,
        judged,
        test: t ? { method: t.method, pValue: t.pValue } : null,
        pAdjusted: null,
        significant: false,
      });
    });
  });
  const tested = cells.filter((c) => c.test !== null);
  const adjusted = adjustPValues(
    tested.map((c) => c.test!.pValue),
    adjustment,
  );
  tested.forEach((c, i) => {
    c.pAdjusted = adjusted[i]!;
    c.significant = adjusted[i]! < alpha;
  });

  const notes: string[] = [];
  const independence = homogeneityTest(table);
  if (independence.skipped) notes.push(independence.skipped);
  if (independence.test?.warning) notes.push(independence.test.warning);
  const small = groups.filter((g) => groupCounts.get(g)! < min);
  if (small.length > 0) {
    notes.push(
      `${small.length} group(s) below the minimum size ${min} are shown but not tested: ${small.join(", ")}`,
    );
  }

  let fairness: FairnessResult | null = null;
  if (input.favourable !== undefined) {
    if (!labelCounts.has(input.favourable)) {
      throw new Error(
        `favourable: label value "${input.favourable}" does not occur (labels: ${labels.join(", ")})`,
      );
    }
    const fi = labels.indexOf(input.favourable);
    const perGroup = new Map(
      groups.map((g, gi) => [g, { favourable: table[fi]![gi]!, total: groupCounts.get(g)! }] as const),
    );
    fairness = groupFairness(perGroup, input.favourable, min, input.privileged, input.dataset ?? "target");
  }

  return {
    attribute: input.attribute,
    ...(input.inferredBy ? { inferredBy: input.inferredBy } : {}),
    labelName: input.labelName ?? "label",
    dataset: input.dataset ?? "target",
    minGroupSize: min,
    adjustment,
    alpha,
    n,
    missingAttribute,
    missingLabel,
    labels,
    groups,
    table,
    groupTotals: groups.map((g) => countShare(groupCounts.get(g)!, n)),
    cells,
    independence: independence.test,
    fairness,
    notes,
  };
}
