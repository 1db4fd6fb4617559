import fs from "node:fs";
import { npyToFloat32Matrix, readNpy } from "@/lib/datasets/npy";
import type { Matrix } from "@/lib/metrics/matrix";
import { computeShift } from "@/lib/metrics/shift";
import { proxyADistance } from "@/lib/metrics/shift/pad";
import { computeTransferability } from "@/lib/metrics/transferability";
import { parseArgs } from "./args";

function readMatrix(file: string): Matrix {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  return npyToFloat32Matrix(readNpy(new Uint8Array(fs.readFileSync(file)), file), file);
}

/** Integer labels [N] (int32/int64, or float holding whole numbers), remapped to 0..C-1. */
function readLabels(file: string, rows: number): Int32Array {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const a = readNpy(new Uint8Array(fs.readFileSync(file)), file);
  if (a.shape.length !== 1 && !(a.shape.length === 2 && a.shape[1] === 1)) {
    throw new Error(`${file}: labels must have shape [N], got [${a.shape.join(", ")}]`);
  }
  const raw = Array.from(a.data as ArrayLike<number | bigint>, (v, i) => {
    const x = Number(v);
    if (!Number.isInteger(x)) throw new Error(`${file}: label at index ${i} is ${x}, not an integer`);
    return x;
  });
  if (raw.length !== rows) throw new Error(`${file}: ${raw.length} labels for ${rows} target rows`);
  const classes = [...new Set(raw)].sort((p, q) => p - q);
  const index = new Map(classes.map((c, i) => [c, i]));
  return Int32Array.from(raw, (x) => index.get(x)!);
}

/**
 * `transfer-audit metrics`: the shift and transferability metrics on embeddings computed anywhere.
 * Prints one JSON object; keys are present when their inputs are.
 */
export async function runMetrics(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json"]);
  const source = readMatrix(args.require("source"));
  const target = readMatrix(args.require("target"));
  if (source.cols !== target.cols) {
    throw new Error(
      `--source has ${source.cols} columns but --target has ${target.cols}: embeddings must share a dimension`,
    );
  }
  const seed = args.number("seed", 0);
  const permutations = args.number("permutations", 1000);
  const out: Record<string, unknown> = {};
  const shift = await computeShift(source, target, {
    seed,
    permutations,
    maxSamples: args.number("max-samples", 2000),
  });
  out.mmd2 = shift.mmd.mmd2;
  out.mmd_pvalue = shift.mmd.pValue;
  out.mmd_bandwidth = shift.mmd.bandwidth;
  out.frechet = shift.frechet.distance;
  out.coral = shift.coral.distance;
  const pad = proxyADistance(source, target, { seed });
  out.pad = pad.pad;
  out.domain_auc = pad.auc;
  out.ks_min_pvalue = shift.ksPca.minPValue;
  out.ks_bonferroni_pvalue = shift.ksPca.bonferroniPValue;
  const labelsFile = args.get("target-labels");
  if (labelsFile) {
    const y = readLabels(labelsFile, target.rows);
    const probsFile = args.get("source-probs");
    const probs = probsFile ? readMatrix(probsFile) : undefined;
    if (probs && probs.rows !== target.rows) {
      throw new Error(`--source-probs has ${probs.rows} rows but --target has ${target.rows}`);
    }
    const t = await computeTransferability(target, y, { seed, ...(probs ? { sourceProbs: probs } : {}) });
    out.logme = t.logme.value;
    if (t.leep) out.leep = t.leep.value;
    if (t.nce) out.nce = t.nce.value;
    out.hscore = t.hScore.value;
    out.gbc = t.gbc.value;
    out.transrate = t.transRate.value;
    out.knn_acc = t.knnAccuracy.value;
    out.linear_probe_acc = t.linearProbeAccuracy.value;
    out.intervals = Object.fromEntries(
      Object.entries({
        logme: t.logme,
        hscore: t.hScore,
        gbc: t.gbc,
        transrate: t.transRate,
        knn_acc: t.knnAccuracy,
        linear_probe_acc: t.linearProbeAccuracy,
      }).map(([k, v]) => [k, [v.low ?? null, v.high ?? null]]),
    );
  } else if (args.get("source-probs")) {
    throw new Error(
      "--source-probs needs --target-labels (LEEP and NCE compare the head's outputs with the target labels)",
    );
  }
  out.sample_size = { source: shift.sampling.sourceUsed, target: shift.sampling.targetUsed };
  out.seed = seed;
  console.log(JSON.stringify(out, null, args.has("json") ? 0 : 2));
  return 0;
}
