/**
 * The report stage: what the report shows beyond the metrics — input-space mapping warnings and
 * skipped samples (images: upscaling, channels; texts: vocabulary coverage, see text-coverage.ts),
 * 2-D maps of the embeddings, the target samples farthest from the source — then the audit is
 * marked done with its verdict and highest warning.
 */
import { createRequire } from "node:module";
import { and, eq, inArray } from "drizzle-orm";
import { auditArtifacts, embeddingShards, recommendations, type Severity, warnings } from "@/db/schema";
import { auditExtractors } from "@/lib/audits/extractors";
import { finishAudit } from "@/lib/audits/lifecycle";
import type { MappingSummary } from "@/lib/embeddings/input";
import { type Matrix, takeRows } from "@/lib/metrics/matrix";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { farthestTargets } from "@/lib/reports/farthest";
import { pca, project, umap2d } from "@/lib/reports/projection";
import type { StageContext } from "./context";
import { textCoverage } from "./text-coverage";

const MAP_POINTS_PER_SIDE = 500;
const FARTHEST_PER_SIDE = 1500;

function subsample(rows: number, keep: number, seed: number): number[] {
  if (rows <= keep) return Array.from({ length: rows }, (_, i) => i);
  return Array.from(permutation(rows, createRng(seed)).slice(0, keep)).sort((a, b) => a - b);
}

function mergeSummaries(list: MappingSummary[]): MappingSummary | null {
  if (list.length === 0) return null;
  const sum = (k: keyof MappingSummary) => list.reduce((s, x) => s + ((x[k] as number) ?? 0), 0);
  const scales = list.flatMap((x) => [x.minScale, x.maxScale]).filter((v): v is number => v !== null);
  const sizes = new Map<string, number>();
  for (const x of list)
    for (const c of x.commonSizes) {
      const m = /^(.*) \((\d+)\)$/.exec(c);
      if (m) sizes.set(m[1]!, (sizes.get(m[1]!) ?? 0) + Number(m[2]));
    }
  return {
    count: sum("count"),
    upscaled: sum("upscaled"),
    upscaledOverLimit: sum("upscaledOverLimit"),
    aspectChanged: sum("aspectChanged"),
    channelsInvented: sum("channelsInvented"),
    channelsDropped: sum("channelsDropped"),
    alphaDropped: sum("alphaDropped"),
    transparencyLost: sum("transparencyLost"),
    reoriented: sum("reoriented"),
    extensionMismatch: sum("extensionMismatch"),
    minScale: scales.length ? Math.min(...scales) : null,
    maxScale: scales.length ? Math.max(...scales) : null,
    commonSizes: [...sizes]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([s, n]) => `${s} (${n})`),
    warnings: [...new Set(list.flatMap((x) => x.warnings))],
  };
}

async function inputMapping(ctx: StageContext) {
  const { db, audit, model } = ctx;
  if (model.format === "identity") return null;
  const x = auditExtractors(audit, model, "pretrained")[0]!;
  const out: Record<
    string,
    { summary: MappingSummary | null; skipped: { sampleId: number; externalId: string; reason: string }[] }
  > = {};
  for (const [side, id] of [
    ["source", ctx.source.id],
    ["target", ctx.target.id],
  ] as const) {
    const shards = await db
      .select({
        mapping: embeddingShards.mapping,
        skipped: embeddingShards.skipped,
        contentKey: embeddingShards.contentKey,
      })
      .from(embeddingShards)
      .where(and(eq(embeddingShards.extractorKey, x.key), eq(embeddingShards.datasetId, id)));
    const summaries = shards.flatMap(
      (s) => ((s.mapping as { slices?: MappingSummary[] }).slices ?? []) as MappingSummary[],
    );
    out[side] = { summary: mergeSummaries(summaries), skipped: shards.flatMap((s) => s.skipped) };
  }
  return out;
}

function pickRows(m: Matrix, idx: number[]): Matrix {
  return idx.length === m.rows ? m : takeRows(m, idx);
}

export async function runReportStage(ctx: StageContext): Promise<void> {
  const { db, audit, job } = ctx;
  const s = audit.settings;
  await job.progress(0, 4, "report: input mapping");
  const mapping = await inputMapping(ctx);
  const mappingWarnings: (typeof warnings.$inferInsert)[] = [];
  if (mapping) {
    for (const side of ["source", "target"] as const) {
      const m = mapping[side];
      const sum = m?.summary;
      if (sum && sum.upscaledOverLimit > 0) {
        mappingWarnings.push({
          auditId: audit.id,
          category: "input_mapping",
          severity: sum.upscaledOverLimit / Math.max(sum.count, 1) > 0.5 ? "medium" : "info",
          code: `upscaled:${side}`,
          title: `${side} images upscaled up to ${sum.maxScale?.toFixed(1)}x`,
          message: `${sum.upscaledOverLimit} of ${sum.count} ${side} images were enlarged more than 2x to fit the model's input (scale ${sum.minScale?.toFixed(1)}–${sum.maxScale?.toFixed(1)}x; sizes ${sum.commonSizes.join(", ")}). Upscaling invents no detail: features the model learned at full resolution may be missing.`,
          mitigation:
            "Prefer a model whose input size is close to your images', or a split layer early enough that resolution matters less.",
          evidence: {
            metric: "images upscaled > 2x",
            value: sum.upscaledOverLimit,
            n: sum.count,
            note: `max scale ${sum.maxScale}`,
          },
        });
      }
      if (sum && sum.channelsInvented > 0) {
        mappingWarnings.push({
          auditId: audit.id,
          category: "input_mapping",
          severity: "info",
          code: `channels_invented:${side}`,
          title: `${side} images are grey; colour channels were replicated`,
          message: `${sum.channelsInvented} of ${sum.count} ${side} images carry no colour; their grey channel was copied into R, G and B for a colour model. Colour features the model relies on carry no information here.`,
          mitigation: "Expect weaker transfer from colour-dependent features; compare an earlier layer.",
          evidence: { metric: "grey images mapped to RGB", value: sum.channelsInvented, n: sum.count },
        });
      }
      if (m && m.skipped.length > 0) {
        mappingWarnings.push({
          auditId: audit.id,
          category: "input_mapping",
          severity: "info",
          code: `skipped:${side}`,
          title: `${m.skipped.length} ${side} samples could not be read`,
          message: `${m.skipped.length} ${side} samples were skipped (first: ${m.skipped[0]!.externalId}: ${m.skipped[0]!.reason}). They are left out of every number.`,
          mitigation: "Fix or remove the listed files and re-run: unchanged samples are not embedded again.",
          evidence: { metric: "skipped samples", value: m.skipped.length },
        });
      }
    }
  }

  // Text models: how much of each corpus the model's word list sees (OOV rates, target vs source).
  const coverage =
    ctx.model.preprocessing.kind === "bow"
      ? await textCoverage(db, {
          auditId: audit.id,
          model: ctx.model,
          sourceId: ctx.source.id,
          targetId: ctx.target.id,
          seed: s.seed,
        })
      : null;
  if (coverage) mappingWarnings.push(...coverage.warnings);

  // Maps: PCA for every layer, UMAP at the split layer.
  const [rec] = await db.select().from(recommendations).where(eq(recommendations.auditId, audit.id));
  const split =
    rec?.splitLayer && ctx.layers.includes(rec.splitLayer)
      ? rec.splitLayer
      : ctx.layers[ctx.layers.length - 1]!;
  const artifacts: (typeof auditArtifacts.$inferInsert)[] = [];
  for (const [li, layer] of ctx.layers.entries()) {
    await job.progress(1, 4, `report: map of ${layer} (${li + 1}/${ctx.layers.length})`);
    const src = await ctx.embeddings("source", layer);
    const tgt = await ctx.embeddings("target", layer);
    if (!src || !tgt) continue;
    const si = subsample(src.matrix.rows, MAP_POINTS_PER_SIDE, s.seed);
    const ti = subsample(tgt.matrix.rows, MAP_POINTS_PER_SIDE, s.seed + 1);
    const S = pickRows(src.matrix, si);
    const T = pickRows(tgt.matrix, ti);
    const pooled: Matrix = {
      rows: S.rows + T.rows,
      cols: S.cols,
      data: new Float64Array((S.rows + T.rows) * S.cols),
    };
    (pooled.data as Float64Array).set(S.data, 0);
    (pooled.data as Float64Array).set(T.data, S.data.length);
    const p = pca(pooled, 2, s.seed);
    const xy = project(p, pooled);
    const uv = layer === split && pooled.rows >= 10 ? umap2d(pooled, s.seed) : null;
    const point = (i: number) => {
      const isSource = i < S.rows;
      const id = isSource ? src.sampleIds[si[i]!]! : tgt.sampleIds[ti[i - S.rows]!]!;
      const meta = (isSource ? ctx.sourceMeta : ctx.targetMeta).get(id);
      return {
        id,
        d: isSource ? "s" : "t",
        label: meta?.label ?? null,
        attrs: Object.fromEntries(
          audit.settings.protectedAttributes.map((a) => [a, meta?.attributes[a] ?? null]),
        ),
        pca: [xy[i * 2]!, xy[i * 2 + 1] ?? 0],
        ...(uv ? { umap: [uv[i * 2]!, uv[i * 2 + 1]!] } : {}),
      };
    };
    artifacts.push({
      auditId: audit.id,
      kind: "map2d",
      layer,
      data: {
        explained: p.variances.map((v) => v / p.totalVariance),
        sampled: {
          source: S.rows,
          target: T.rows,
          sourceTotal: src.matrix.rows,
          targetTotal: tgt.matrix.rows,
          seed: s.seed,
        },
        points: Array.from({ length: pooled.rows }, (_, i) => point(i)),
      },
    });
  }

  await job.progress(2, 4, "report: farthest target samples");
  const src = await ctx.embeddings("source", split);
  const tgt = await ctx.embeddings("target", split);
  if (src && tgt) {
    const si = subsample(src.matrix.rows, FARTHEST_PER_SIDE, s.seed + 2);
    const ti = subsample(tgt.matrix.rows, FARTHEST_PER_SIDE, s.seed + 3);
    const far = await farthestTargets(pickRows(src.matrix, si), pickRows(tgt.matrix, ti), 12, 3);
    artifacts.push({
      auditId: audit.id,
      kind: "farthest",
      layer: split,
      data: {
        medianDistance: far.medianDistance,
        searched: { source: si.length, target: ti.length },
        samples: far.samples.map((f) => {
          const id = tgt.sampleIds[ti[f.target]!]!;
          return {
            sampleId: id,
            externalId: ctx.targetMeta.get(id)?.externalId ?? String(id),
            label: ctx.targetMeta.get(id)?.label ?? null,
            distance: f.distance,
            neighbours: f.neighbours.map((n) => {
              const nid = src.sampleIds[si[n.source]!]!;
              return {
                sampleId: nid,
                externalId: ctx.sourceMeta.get(nid)?.externalId ?? String(nid),
                label: ctx.sourceMeta.get(nid)?.label ?? null,
                distance: n.distance,
              };
            }),
          };
        }),
      },
    });
  }
  if (mapping) artifacts.push({ auditId: audit.id, kind: "input_mapping", layer: null, data: mapping });
  if (coverage) artifacts.push(coverage.artifact);

  await job.progress(3, 4, "report: saving");
  const require = createRequire(import.meta.url);
  const runtime: Record<string, string> = {
    node: process.version,
    tfjs: (require("@tensorflow/tfjs/package.json") as { version: string }).version,
    app: (require("../../../package.json") as { version: string }).version,
    thresholds: rec?.thresholdsVersion ?? "",
  };
  const anyShard =
    ctx.model.format === "identity" ? undefined : await ctx.embeddings("target", ctx.layers[0]!);
  if (anyShard?.engine) runtime.engine = anyShard.engine;
  if (anyShard?.backend) runtime.backend = anyShard.backend;

  await db.transaction(async (tx) => {
    await tx.delete(auditArtifacts).where(eq(auditArtifacts.auditId, audit.id));
    if (artifacts.length) await tx.insert(auditArtifacts).values(artifacts);
    await tx
      .delete(warnings)
      .where(and(eq(warnings.auditId, audit.id), inArray(warnings.category, ["input_mapping"])));
    if (mappingWarnings.length) await tx.insert(warnings).values(mappingWarnings);
  });
  const all = await db
    .select({ severity: warnings.severity })
    .from(warnings)
    .where(eq(warnings.auditId, audit.id));
  const order: Severity[] = ["info", "medium", "high"];
  const highest = all.reduce<Severity | null>(
    (h, w) => (h === null || order.indexOf(w.severity) > order.indexOf(h) ? w.severity : h),
    null,
  );
  await finishAudit(db, audit.id, { verdict: rec?.verdict ?? null, highestSeverity: highest, runtime });
  await job.progress(4, 4, "done");
}
