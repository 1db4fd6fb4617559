/**
 * The measure stage: per selected layer, shift between source and target embeddings and the
 * transferability of the target features to the target labels — for the pretrained extractor and
 * for a randomly initialised copy of the same network (the honest baseline).
 */
import { and, eq } from "drizzle-orm";
import { metricResults } from "@/db/schema";
import { encodeLabels } from "@/lib/audits/samples";
import { type Matrix, takeRows } from "@/lib/metrics/matrix";
import { computeShift } from "@/lib/metrics/shift";
import { proxyADistance } from "@/lib/metrics/shift/pad";
import { computeTransferability } from "@/lib/metrics/transferability";
import type { StageContext } from "./context";

type MetricRow = typeof metricResults.$inferInsert;

interface Scored {
  value: number;
  low?: number | null;
  high?: number | null;
  n?: number;
}

function isScored(x: unknown): x is Scored {
  return typeof x === "object" && x !== null && typeof (x as Scored).value === "number";
}

/** Rows aligned by sample id: the head's probabilities for the rows of `features`. */
function alignRows(
  features: { sampleIds: number[] },
  other: { sampleIds: number[]; matrix: Matrix },
): Matrix | null {
  const at = new Map(other.sampleIds.map((id, i) => [id, i]));
  const idx: number[] = [];
  for (const id of features.sampleIds) {
    const i = at.get(id);
    if (i === undefined) return null;
    idx.push(i);
  }
  return takeRows(other.matrix, idx);
}

export async function runMeasureStage(ctx: StageContext): Promise<void> {
  const { db, audit, job } = ctx;
  const s = audit.settings;
  const head = (ctx.model.meta as { headLayer?: string | null }).headLayer ?? null;
  const total = ctx.layers.length;
  for (const [li, layer] of ctx.layers.entries()) {
    await job.progress(li, total, `measuring ${layer}`);
    const rows: MetricRow[] = [];
    const src = await ctx.embeddings("source", layer);
    const tgt = await ctx.embeddings("target", layer);
    if (!src || !tgt) throw new Error(`embeddings for layer ${layer} are missing`);
    const base = { auditId: audit.id, layer };

    // Shift, pretrained features. BBSD uses the source head's softmax when the model has one.
    let sourceProbs: Matrix | null = null;
    let targetProbs: Matrix | null = null;
    if (head && ctx.model.format !== "identity") {
      const sh = await ctx.embeddings("source", head);
      const th = await ctx.embeddings("target", head);
      if (sh && th) {
        sourceProbs = alignRows(src, sh);
        targetProbs = alignRows(tgt, th);
      }
    }
    const t0 = Date.now();
    const shift = await computeShift(src.matrix, tgt.matrix, {
      seed: s.seed,
      permutations: s.permutations,
      maxSamples: s.maxSamples,
      ...(sourceProbs && targetProbs ? { sourceProbs, targetProbs } : {}),
    });
    const sizes = { source: shift.sampling.sourceUsed, target: shift.sampling.targetUsed };
    const shiftRow = (metric: string, value: number, extra: Partial<MetricRow> = {}): MetricRow => ({
      ...base,
      family: "shift",
      features: "pretrained",
      metric,
      value,
      sampleSize: sizes,
      ...extra,
    });
    rows.push(
      shiftRow("mmd2", shift.mmd.mmd2, {
        pValue: shift.mmd.pValue,
        details: {
          bandwidth: shift.mmd.bandwidth,
          permutations: shift.mmd.permutations,
          seed: shift.mmd.seed,
          nullMean: shift.mmd.nullMean,
          nullSd: shift.mmd.nullSd,
          nullQuantile95: shift.mmd.nullQuantile95,
          sampling: shift.sampling,
        },
      }),
      shiftRow("frechet", shift.frechet.distance, {
        details: {
          meanTerm: shift.frechet.meanTerm,
          covarianceTerm: shift.frechet.covarianceTerm,
          d: shift.frechet.d,
        },
      }),
      shiftRow("coral", shift.coral.distance, { details: { d: shift.coral.d } }),
      shiftRow("ks_pca", shift.ksPca.bonferroniPValue, {
        pValue: shift.ksPca.bonferroniPValue,
        details: {
          k: shift.ksPca.k,
          minPValue: shift.ksPca.minPValue,
          rejects: shift.ksPca.rejects,
          maxD: Math.max(...shift.ksPca.tests.map((t) => (t as { statistic?: number }).statistic ?? 0)),
        },
      }),
    );
    if (shift.bbsd) {
      rows.push(
        shiftRow("bbsd", shift.bbsd.bonferroniPValue, {
          pValue: shift.bbsd.bonferroniPValue,
          details: { k: shift.bbsd.k, minPValue: shift.bbsd.minPValue, rejects: shift.bbsd.rejects },
        }),
      );
    }
    const pad = proxyADistance(src.matrix, tgt.matrix, { seed: s.seed, maxSamples: s.maxSamples });
    rows.push(
      shiftRow("pad", pad.pad, {
        low: pad.low ?? null,
        high: pad.high ?? null,
        sampleSize: { source: pad.n, target: pad.m },
        details: { error: pad.error },
      }),
      shiftRow("domain_auc", pad.auc, { sampleSize: { source: pad.n, target: pad.m } }),
    );
    const shiftMs = Date.now() - t0;

    // Transferability to the target labels, pretrained and random features.
    for (const kind of ["pretrained", "random"] as const) {
      const feats = kind === "pretrained" ? tgt : await ctx.embeddings("target", layer, "random");
      if (!feats) continue;
      const enc = encodeLabels(feats.sampleIds, ctx.targetMeta);
      if (enc.classes.length < 2) {
        await job.log(
          `transferability at ${layer}: the target has ${enc.classes.length} labelled class(es); needs 2`,
          "warn",
        );
        break;
      }
      const X = enc.rows.length === feats.matrix.rows ? feats.matrix : takeRows(feats.matrix, enc.rows);
      const probs =
        kind === "pretrained" && targetProbs
          ? enc.rows.length === targetProbs.rows
            ? targetProbs
            : takeRows(targetProbs, enc.rows)
          : null;
      const tr = await computeTransferability(X, enc.y, {
        seed: s.seed,
        bootstrap: s.bootstrap,
        maxSamples: Math.max(s.maxSamples, 4000),
        ...(probs ? { sourceProbs: probs } : {}),
      });
      for (const [metric, v] of Object.entries(tr as unknown as Record<string, unknown>)) {
        if (!isScored(v)) continue;
        // A percentile bootstrap that misses its own estimate is biased for this statistic (resampling
        // with replacement duplicates rows, which inflates class separability for LogME, TransRate,
        // GBC, LEEP, NCE): no interval is better than a wrong one.
        const biased = v.low != null && v.high != null && (v.value < v.low || v.value > v.high);
        const interval = biased ? { low: null, high: null } : { low: v.low ?? null, high: v.high ?? null };
        rows.push({
          ...base,
          family: "transferability",
          features: kind,
          metric,
          value: v.value,
          ...interval,
          sampleSize: { target: v.n ?? X.rows, classes: enc.classes.length },
          details: {
            classes: enc.classes,
            ...(biased
              ? {
                  intervalWithheld: `bootstrap interval ${v.low}–${v.high} excludes the estimate (resampling bias)`,
                }
              : {}),
            ...((v as { note?: string }).note ? { note: (v as { note?: string }).note } : {}),
          },
        });
      }
    }
    await db.transaction(async (tx) => {
      await tx
        .delete(metricResults)
        .where(and(eq(metricResults.auditId, audit.id), eq(metricResults.layer, layer)));
      await tx.insert(metricResults).values(rows);
    });
    await job.log(`measured ${layer}: ${rows.length} numbers (shift ${(shiftMs / 1000).toFixed(1)} s)`);
  }
  await job.progress(total, total, "measured");
}
