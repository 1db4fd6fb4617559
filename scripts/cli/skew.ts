/**
 * `transfer-audit skew`: demographic skew between a source and a target CSV, and, with a label,
 * SPD / DI on the target's observed labels. Prints one JSON object to stdout.
 *
 *   skew --source s.csv --target t.csv --attribute <col> [--label <col> --favourable <value>
 *        [--privileged <group>]] [--min-group 30] [--population "a=0.5,b=0.5" --population-name X]
 *        [--inferred-by <model>] [--json]
 *
 * Exit codes: 0 done, 2 usage error (bad or missing option), 1 input error (file, column, data).
 * Empty cells are missing values: counted and reported, never a group.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import {
  analyseLabelAttribute,
  analyseRepresentation,
  type LabelAttributeResult,
  type PopulationReference,
  type RepresentationResult,
  warningsFrom,
} from "@/lib/bias";
import { MIN_GROUP_SIZE } from "@/lib/bias/thresholds";
import { parseArgs } from "./args";

const USAGE =
  "usage: transfer-audit skew --source s.csv --target t.csv --attribute <col> [--label <col> --favourable <value> " +
  "[--privileged <group>]] [--min-group 30] [--population a=0.5,b=0.5 --population-name NAME] [--inferred-by MODEL] [--json]";

class InputError extends Error {}

/** Reads the named columns of a CSV; empty cells become null. Throws naming the file and column. */
export function readColumns(file: string, columns: string[]): Map<string, Array<string | null>> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(
      `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as string[][];
  } catch (e) {
    throw new InputError(`${file}: not a valid CSV: ${(e as Error).message}`);
  }
  const header = rows[0];
  if (!header) throw new InputError(`${file}: empty file (no header row)`);
  const out = new Map<string, Array<string | null>>();
  for (const col of columns) {
    const j = header.indexOf(col);
    if (j < 0) throw new InputError(`${file}: no column "${col}" (columns: ${header.join(", ")})`);
    out.set(
      col,
      rows.slice(1).map((r) => {
        const v = r[j];
        return v === undefined || v === "" ? null : v;
      }),
    );
  }
  return out;
}

function parsePopulation(spec: string, name: string): PopulationReference {
  const shares: Record<string, number> = {};
  for (const part of spec.split(",")) {
    const eq = part.lastIndexOf("=");
    const g = part.slice(0, eq).trim();
    const v = Number(part.slice(eq + 1));
    if (eq <= 0 || !g || !Number.isFinite(v))
      throw new Error(`--population: expected group=share pairs, got '${part}'`);
    shares[g] = v;
  }
  return { name, shares };
}

function representationJson(r: RepresentationResult) {
  return {
    attribute: r.attribute,
    ...(r.inferredBy ? { inferred_by: r.inferredBy } : {}),
    min_group: r.minGroupSize,
    reference: r.referenceName,
    source: r.source,
    target: r.target,
    tvd: r.tvd,
    js: r.js,
    chi2_pvalue: r.test?.pValue ?? null,
    test: r.test
      ? {
          method: r.test.method,
          statistic: r.test.statistic,
          df: r.test.df,
          p_value: r.test.pValue,
          min_expected: r.test.minExpected,
          warning: r.test.warning,
        }
      : null,
    groups: r.groups.map((g) => ({
      group: g.group,
      source: {
        count: g.source.count,
        share: g.source.share,
        lower: g.source.lower,
        upper: g.source.upper,
        too_small: g.source.tooSmall,
      },
      target: {
        count: g.target.count,
        share: g.target.share,
        lower: g.target.lower,
        upper: g.target.upper,
        too_small: g.target.tooSmall,
      },
      reference_share: g.referenceShare,
      ratio: g.ratio?.estimate ?? null,
      ratio_lower: g.ratio?.lower ?? null,
      ratio_upper: g.ratio?.upper ?? null,
      ...(g.targetRatio
        ? {
            target_ratio: g.targetRatio.estimate,
            target_ratio_lower: g.targetRatio.lower,
            target_ratio_upper: g.targetRatio.upper,
          }
        : {}),
      judged: g.judged,
    })),
    notes: r.notes,
  };
}

function fairnessJson(l: LabelAttributeResult) {
  const f = l.fairness;
  if (!f) return {};
  return {
    // The comparison with the lowest favourable rate among judged groups (most negative SPD, lowest DI).
    spd: f.worst?.spd.estimate ?? null,
    di: f.worst?.di?.estimate ?? null,
    fairness: {
      computed_on: "target, observed labels",
      note: f.note,
      favourable: f.favourable,
      privileged: f.privileged,
      privileged_chosen_by: f.privilegedChosenBy,
      worst_group: f.worst?.group ?? null,
      rates: f.rates.map((r) => ({ group: r.group, ...r.favourable, too_small: r.tooSmall })),
      comparisons: f.comparisons.map((c) => ({
        group: c.group,
        spd: c.spd.estimate,
        spd_lower: c.spd.lower,
        spd_upper: c.spd.upper,
        di: c.di?.estimate ?? null,
        di_lower: c.di?.lower ?? null,
        di_upper: c.di?.upper ?? null,
        judged: c.judged,
      })),
    },
  };
}

export async function runSkew(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  let source: string;
  let target: string;
  let attribute: string;
  let minGroup: number;
  let population: PopulationReference | undefined;
  try {
    args = parseArgs(argv, ["json"]);
    source = args.require("source");
    target = args.require("target");
    attribute = args.require("attribute");
    minGroup = args.number("min-group", MIN_GROUP_SIZE);
    if (!Number.isInteger(minGroup) || minGroup < 1)
      throw new Error(`--min-group must be a positive integer, got ${minGroup}`);
    if (args.has("favourable") && !args.has("label")) throw new Error("--favourable needs --label");
    const pop = args.get("population");
    population = pop ? parsePopulation(pop, args.get("population-name") ?? "population") : undefined;
  } catch (e) {
    console.error(`skew: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const label = args.get("label");
    const inferredBy = args.get("inferred-by");
    const meta = { attribute, ...(inferredBy ? { inferredBy } : {}) };
    const src = readColumns(source, [attribute]);
    const tgt = readColumns(target, label ? [attribute, label] : [attribute]);
    const representation = analyseRepresentation({
      ...meta,
      source: src.get(attribute)!,
      target: tgt.get(attribute)!,
      minGroupSize: minGroup,
      ...(population ? { reference: population } : {}),
    });
    let labelResult: LabelAttributeResult | undefined;
    if (label) {
      const favourable = args.get("favourable");
      const privileged = args.get("privileged");
      labelResult = analyseLabelAttribute({
        ...meta,
        values: tgt.get(attribute)!,
        labels: tgt.get(label)!,
        labelName: label,
        dataset: "target",
        minGroupSize: minGroup,
        ...(favourable !== undefined ? { favourable } : {}),
        ...(privileged !== undefined ? { privileged } : {}),
      });
    }
    const out = {
      ...representationJson(representation),
      ...(labelResult ? fairnessJson(labelResult) : {}),
      ...(labelResult
        ? {
            label: {
              column: labelResult.labelName,
              n: labelResult.n,
              missing_label: labelResult.missingLabel,
              labels: labelResult.labels,
              groups: labelResult.groups,
              table: labelResult.table,
              independence_pvalue: labelResult.independence?.pValue ?? null,
            },
          }
        : {}),
      warnings: warningsFrom({ representation, ...(labelResult ? { labelAttribute: labelResult } : {}) }),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  } catch (e) {
    console.error(`skew: ${(e as Error).message}`);
    return 1;
  }
}
