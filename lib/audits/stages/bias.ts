/**
 * The bias stage: for every protected attribute (and each requested intersection), representation
 * in source vs target, label x attribute co-occurrence on each side (with SPD / DI when a favourable
 * label is named), leakage of the attribute from the embeddings at each layer, and per-group
 * linear-probe accuracy on the target; then warnings from the documented thresholds, plus the
 * curated card of the model's known source dataset.
 */
import { and, eq } from "drizzle-orm";
import { biasFindings, warnings } from "@/db/schema";
import { encodeLabels } from "@/lib/audits/samples";
import {
  type AttributeValues,
  analyseGroupPerformance,
  analyseLabelAttribute,
  analyseLeakage,
  analyseRepresentation,
  type BiasWarning,
  type DatasetCard,
  type GroupPerformanceResult,
  intersectAttributes,
  type LabelAttributeResult,
  type LeakageResult,
  loadDatasetCard,
  type RepresentationResult,
  storedWarning,
  warningsFrom,
} from "@/lib/bias";
import { takeRows } from "@/lib/metrics/matrix";
import type { StageContext } from "./context";

interface AttributeSpec {
  name: string;
  inferredBy?: string;
  source: AttributeValues;
  target: AttributeValues;
  /** Values aligned with a list of sample ids (for embedding rows). */
  valuesFor(side: "source" | "target", ids: readonly number[]): AttributeValues;
}

function attributeSpecs(ctx: StageContext): AttributeSpec[] {
  const { audit, source, target, sourceMeta, targetMeta } = ctx;
  const inferredOf = (name: string) =>
    [...source.attributeColumns, ...target.attributeColumns].find((a) => a.name === name)?.inferredBy ??
    undefined;
  const attributeOf = (meta: typeof sourceMeta, name: string) => (id: number) =>
    meta.get(id)?.attributes[name] ?? null;
  const single = (name: string): AttributeSpec => ({
    name,
    inferredBy: inferredOf(name),
    source: [...sourceMeta.keys()].map(attributeOf(sourceMeta, name)),
    target: [...targetMeta.keys()].map(attributeOf(targetMeta, name)),
    valuesFor: (side, ids) => ids.map(attributeOf(side === "source" ? sourceMeta : targetMeta, name)),
  });
  const specs = audit.settings.protectedAttributes.map(single);
  for (const [a, b] of audit.settings.intersections) {
    const A = single(a);
    const B = single(b);
    const cross = (x: AttributeValues, y: AttributeValues) =>
      intersectAttributes({ attribute: a, values: x }, { attribute: b, values: y }).values;
    specs.push({
      name: `${a} × ${b}`,
      inferredBy: [A.inferredBy, B.inferredBy].filter(Boolean).join(", ") || undefined,
      source: cross(A.source, B.source),
      target: cross(A.target, B.target),
      valuesFor: (side, ids) => cross(A.valuesFor(side, ids), B.valuesFor(side, ids)),
    });
  }
  return specs;
}

export async function runBiasStage(ctx: StageContext): Promise<void> {
  const { db, audit, job } = ctx;
  const s = audit.settings;
  const specs = attributeSpecs(ctx);
  const representation: RepresentationResult[] = [];
  const labelAttribute: LabelAttributeResult[] = [];
  const leakage: LeakageResult[] = [];
  const groupPerformance: GroupPerformanceResult[] = [];
  const findings: (typeof biasFindings.$inferInsert)[] = [];
  const sourceLabels = [...ctx.sourceMeta.values()].map((m) => m.label);
  const targetLabels = [...ctx.targetMeta.values()].map((m) => m.label);
  const lastLayer = ctx.layers[ctx.layers.length - 1]!;
  let step = 0;
  for (const spec of specs) {
    await job.progress(step++, specs.length, `bias: ${spec.name}`);
    const meta = { attribute: spec.name, ...(spec.inferredBy ? { inferredBy: spec.inferredBy } : {}) };
    const reference = s.referenceDistributions?.[spec.name];
    const rep = analyseRepresentation({
      ...meta,
      source: spec.source,
      target: spec.target,
      minGroupSize: s.minGroupSize,
      ...(reference ? { reference: { name: "population", shares: reference } } : {}),
    });
    representation.push(rep);
    findings.push({
      auditId: audit.id,
      kind: "representation",
      attribute: spec.name,
      inferredBy: spec.inferredBy ?? null,
      result: rep as never,
    });

    for (const [side, values, labels] of [
      ["source", spec.source, sourceLabels],
      ["target", spec.target, targetLabels],
    ] as const) {
      if (labels.every((l) => l === null)) continue;
      const hasFav = s.favourableLabel !== null && labels.includes(s.favourableLabel);
      try {
        const la = analyseLabelAttribute({
          ...meta,
          values,
          labels,
          dataset: side,
          minGroupSize: s.minGroupSize,
          ...(hasFav ? { favourable: s.favourableLabel! } : {}),
        });
        labelAttribute.push(la);
        findings.push({
          auditId: audit.id,
          kind: `label_attribute:${side}`,
          attribute: spec.name,
          inferredBy: spec.inferredBy ?? null,
          result: la as never,
        });
      } catch (e) {
        await job.log(`label × ${spec.name} on ${side}: not analysed (${(e as Error).message})`, "warn");
      }
    }

    // Leakage: can the attribute be read off the embeddings? Per layer, source and target.
    const layerInputs = [];
    for (const layer of ctx.layers) {
      const src = await ctx.embeddings("source", layer);
      const tgt = await ctx.embeddings("target", layer);
      layerInputs.push({ layer, src, tgt });
    }
    try {
      const first = layerInputs[0];
      const lk = analyseLeakage({
        ...meta,
        layers: layerInputs.map((l) => ({
          layer: l.layer,
          ...(l.src ? { source: l.src.matrix } : {}),
          ...(l.tgt ? { target: l.tgt.matrix } : {}),
        })),
        ...(first?.src ? { sourceValues: spec.valuesFor("source", first.src.sampleIds) } : {}),
        ...(first?.tgt ? { targetValues: spec.valuesFor("target", first.tgt.sampleIds) } : {}),
        minGroupSize: s.minGroupSize,
        seed: s.seed,
        resamples: Math.max(100, Math.min(s.bootstrap, 200)),
      });
      leakage.push(lk);
      findings.push({
        auditId: audit.id,
        kind: "leakage",
        attribute: spec.name,
        inferredBy: spec.inferredBy ?? null,
        result: lk as never,
      });
    } catch (e) {
      await job.log(`leakage of ${spec.name}: not analysed (${(e as Error).message})`, "warn");
    }

    // Group performance of a linear probe on the target at the last selected layer.
    const tgt = await ctx.embeddings("target", lastLayer);
    if (tgt) {
      const enc = encodeLabels(tgt.sampleIds, ctx.targetMeta);
      if (enc.classes.length >= 2) {
        try {
          const gp = analyseGroupPerformance({
            ...meta,
            values: spec.valuesFor(
              "target",
              enc.rows.map((r) => tgt.sampleIds[r]!),
            ),
            y: enc.y,
            X: enc.rows.length === tgt.matrix.rows ? tgt.matrix : takeRows(tgt.matrix, enc.rows),
            minGroupSize: s.minGroupSize,
            seed: s.seed,
          });
          groupPerformance.push(gp);
          findings.push({
            auditId: audit.id,
            kind: "group_performance",
            attribute: spec.name,
            layer: lastLayer,
            inferredBy: spec.inferredBy ?? null,
            result: gp as never,
          });
        } catch (e) {
          await job.log(`group performance by ${spec.name}: not analysed (${(e as Error).message})`, "warn");
        }
      }
    }
  }
  const cards: DatasetCard[] = [];
  const cardId = ctx.model.sourceDataset.cardId ?? ctx.source.cardId;
  if (cardId) {
    try {
      const card = loadDatasetCard(cardId);
      cards.push(card);
      findings.push({
        auditId: audit.id,
        kind: "dataset_card",
        attribute: "(source dataset)",
        result: card as never,
      });
    } catch (e) {
      await job.log(`dataset card '${cardId}': ${(e as Error).message}`, "warn");
    }
  }
  const bias: BiasWarning[] = warningsFrom({
    representation,
    labelAttribute,
    leakage,
    groupPerformance,
    cards,
  });
  await db.transaction(async (tx) => {
    await tx.delete(biasFindings).where(eq(biasFindings.auditId, audit.id));
    await tx.delete(warnings).where(and(eq(warnings.auditId, audit.id), eq(warnings.category, "bias")));
    if (findings.length) await tx.insert(biasFindings).values(findings);
    if (bias.length) {
      await tx
        .insert(warnings)
        .values(bias.map((w) => ({ auditId: audit.id, category: "bias" as const, ...storedWarning(w) })));
    }
  });
  await job.progress(specs.length, specs.length, "bias");
  await job.log(`bias: ${specs.length} attribute(s), ${bias.length} warning(s)`);
}
