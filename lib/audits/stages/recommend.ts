/**
 * The judge stage: gathers the measured numbers per layer into the recommendation rule's input
 * (lib/recommend) and stores its verdict, split layer, confidence and reasons.
 */
import { eq } from "drizzle-orm";
import { metricResults, modelLayers, recommendations, warnings } from "@/db/schema";
import { encodeLabels } from "@/lib/audits/samples";
import { recommend } from "@/lib/recommend/rule";
import type { BiasSeverity, LayerEvidence, RecommendationInput } from "@/lib/recommend/types";
import type { StageContext } from "./context";

type Row = typeof metricResults.$inferSelect;

function pick(
  rows: Row[],
  layer: string,
  features: "pretrained" | "random",
  metric: string,
): Row | undefined {
  return rows.find((r) => r.layer === layer && r.features === features && r.metric === metric);
}

function est(r: Row | undefined) {
  if (!r || r.value === null) return null;
  return { value: r.value, low: r.low ?? r.value, high: r.high ?? r.value };
}

export async function buildRecommendationInput(ctx: StageContext): Promise<RecommendationInput | null> {
  const { db, audit } = ctx;
  const rows = await db.select().from(metricResults).where(eq(metricResults.auditId, audit.id));
  const layerRows = await db.select().from(modelLayers).where(eq(modelLayers.modelId, ctx.model.id));
  const maxIndex = Math.max(1, ...layerRows.map((l) => l.index));
  const ids = [...ctx.targetMeta.keys()];
  const enc = encodeLabels(ids, ctx.targetMeta);
  const perClass: Record<string, number> = {};
  for (const c of enc.classes) perClass[c] = 0;
  for (const y of enc.y) perClass[enc.classes[y]!]! += 1;
  const n = enc.y.length;
  const chance = n ? Math.max(...Object.values(perClass)) / n : 0;
  const layers: LayerEvidence[] = [];
  for (const layer of ctx.layers) {
    const lp = pick(rows, layer, "pretrained", "linearProbeAccuracy");
    const knn = est(pick(rows, layer, "pretrained", "knnAccuracy"));
    const rlp = est(pick(rows, layer, "random", "linearProbeAccuracy"));
    const mmd = pick(rows, layer, "pretrained", "mmd2");
    const pad = pick(rows, layer, "pretrained", "pad");
    const lpEst = est(lp);
    if (!lpEst || !knn || !rlp || !mmd || !pad) continue;
    const d = (mmd.details ?? {}) as { nullMean?: number; nullSd?: number };
    const ks = pick(rows, layer, "pretrained", "ks_pca");
    const index = layerRows.find((l) => l.name === layer)?.index ?? maxIndex;
    const num = (m: string, f: "pretrained" | "random" = "pretrained") =>
      pick(rows, layer, f, m)?.value ?? undefined;
    layers.push({
      layer,
      depth: index / maxIndex,
      shift: {
        mmd2: mmd.value ?? 0,
        mmdPValue: mmd.pValue ?? 1,
        mmdNullMean: d.nullMean ?? 0,
        mmdNullSd: d.nullSd ?? 0,
        pad: {
          value: pad.value ?? 0,
          ...(pad.low !== null ? { low: pad.low } : {}),
          ...(pad.high !== null ? { high: pad.high } : {}),
        },
        domainAuc: num("domain_auc") ?? 0.5,
        frechet: num("frechet") ?? 0,
        ksRejects: (ks?.details as { rejects?: boolean } | undefined)?.rejects ? 1 : 0,
      },
      transfer: {
        linearProbe: { ...lpEst, n: (lp?.sampleSize.target as number | undefined) ?? n },
        knn,
        ...(num("logme") !== undefined ? { logme: num("logme") } : {}),
        ...(num("hScore") !== undefined ? { hscore: num("hScore") } : {}),
        ...(num("leep") !== undefined ? { leep: num("leep") } : {}),
      },
      random: {
        linearProbe: rlp,
        ...(est(pick(rows, layer, "random", "knnAccuracy"))
          ? { knn: est(pick(rows, layer, "random", "knnAccuracy"))! }
          : {}),
        ...(num("logme", "random") !== undefined ? { logme: num("logme", "random") } : {}),
      },
    });
  }
  if (layers.length === 0) return null;
  const warns = await db.select().from(warnings).where(eq(warnings.auditId, audit.id));
  const bias = warns.filter((w) => w.category === "bias");
  const rank = { info: 0, medium: 1, high: 2 } as const;
  const highest = bias.reduce<BiasSeverity>((h, w) => (rank[w.severity] > rank[h] ? w.severity : h), "info");
  return {
    target: { n, perClass, classes: enc.classes.length },
    layers,
    chance,
    bias: {
      highestSeverity: highest,
      warnings: bias.map((w) => ({ severity: w.severity, title: w.title, message: w.message })),
    },
  };
}

export async function runRecommendStage(ctx: StageContext): Promise<void> {
  const { db, audit, job } = ctx;
  await db.delete(recommendations).where(eq(recommendations.auditId, audit.id));
  if (ctx.model.format === "identity") {
    await job.log(
      "no pretrained model to reuse (features as given): no transfer recommendation; shift and bias are reported",
    );
    return;
  }
  const input = await buildRecommendationInput(ctx);
  if (!input) {
    await job.log(
      "not enough measurements for a recommendation (no layer has both pretrained and random-feature probes)",
      "warn",
    );
    return;
  }
  const r = recommend(input);
  await db.insert(recommendations).values({
    auditId: audit.id,
    verdict: r.verdict,
    splitLayer: r.splitLayer,
    confidence: r.confidence,
    confidenceLabel: r.confidenceLabel,
    reasons: r.reasons.map((x) => ({ text: x.text, evidence: { ...x.evidence } })),
    thresholdsVersion: r.thresholdsVersion,
  });
  await job.log(
    `recommendation: ${r.verdict} at ${r.splitLayer} (confidence ${r.confidenceLabel}, ${r.confidence.toFixed(2)})`,
  );
}
