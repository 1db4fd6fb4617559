/**
 * A report as plain data: everything the report page, a share link, the JSON export and the PDF
 * show, read from stored results. Every number in it comes from a stored measurement; nothing is
 * computed here but grouping.
 */
import type { Db } from "@/db/client";
import { type AuditBundle, loadAuditBundle } from "@/db/queries/audits";
import type { Evidence, Reason, SourceDatasetInfo } from "@/db/schema";
import { groupBiasWarnings, type WarningGroup } from "./warning-groups";

export interface ReportNumber {
  value: number | null;
  low: number | null;
  high: number | null;
  pValue: number | null;
  sampleSize: Record<string, number>;
  details: Record<string, unknown>;
}

export interface LayerMetrics {
  layer: string;
  shift: Record<string, ReportNumber>;
  pretrained: Record<string, ReportNumber>;
  random: Record<string, ReportNumber>;
}

export interface ReportWarning {
  id: number;
  category: string;
  /** What the warning is about, e.g. `co-occurrence:party:Democratic:economy:target` (bias). */
  code: string;
  severity: "info" | "medium" | "high";
  title: string;
  message: string;
  mitigation: string | null;
  evidence: Evidence | null;
  reviewState: string;
}

export interface Report {
  version: 1;
  generatedAt: string;
  audit: {
    id: string;
    name: string;
    status: string;
    stage: string | null;
    error: string | null;
    reviewStatus: string;
    createdAt: string;
    finishedAt: string | null;
    layers: string[];
    settings: AuditBundle["audit"]["settings"];
    runtime: Record<string, string>;
  };
  model: {
    id: string;
    slug: string;
    name: string;
    format: string;
    provenance: string;
    sourceDataset: SourceDatasetInfo;
    parameterCount: number;
    hasHead: boolean;
  } | null;
  source: DatasetSummary | null;
  target: DatasetSummary | null;
  recommendation: {
    verdict: string;
    splitLayer: string | null;
    confidence: number;
    confidenceLabel: string;
    reasons: Reason[];
    thresholdsVersion: string;
  } | null;
  layers: LayerMetrics[];
  /** Every warning, most severe first: each one is reviewed on its own. */
  warnings: ReportWarning[];
  /**
   * The bias warnings of `warnings` grouped per (kind, attribute, dataset[, layer]) for reading,
   * by id; none is left out (warning-groups.ts).
   */
  warningGroups: WarningGroup[];
  bias: {
    kind: string;
    attribute: string;
    layer: string | null;
    inferredBy: string | null;
    result: unknown;
  }[];
  verification: {
    strategy: string;
    fraction: number;
    trainSize: number;
    testSize: number;
    accuracy: number;
    low: number | null;
    high: number | null;
    epochs: number;
    curve: { epoch: number; loss: number; valAccuracy: number }[];
  }[];
  artifacts: { kind: string; layer: string | null; data: unknown }[];
  trail: {
    action: string;
    actor: string | null;
    from: string | null;
    to: string | null;
    at: string;
    detail: unknown;
  }[];
}

export interface DatasetSummary {
  id: string;
  name: string;
  kind: string;
  sampleCount: number;
  provenance: string;
  license: string;
  labelColumn: string | null;
  attributeColumns: { name: string; protected: boolean; inferredBy?: string | null }[];
}

function dataset(d: AuditBundle["source"]): DatasetSummary | null {
  if (!d) return null;
  return {
    id: d.id,
    name: d.name,
    kind: d.kind,
    sampleCount: d.sampleCount,
    provenance: d.provenance,
    license: d.license,
    labelColumn: d.labelColumn,
    attributeColumns: d.attributeColumns,
  };
}

export function reportFromBundle(b: AuditBundle): Report {
  const layers = new Map<string, LayerMetrics>();
  for (const layer of b.audit.layers) layers.set(layer, { layer, shift: {}, pretrained: {}, random: {} });
  for (const m of b.metrics) {
    let entry = layers.get(m.layer);
    if (!entry) {
      entry = { layer: m.layer, shift: {}, pretrained: {}, random: {} };
      layers.set(m.layer, entry);
    }
    const bucket =
      m.family === "shift" ? entry.shift : m.features === "random" ? entry.random : entry.pretrained;
    bucket[m.metric] = {
      value: m.value,
      low: m.low,
      high: m.high,
      pValue: m.pValue,
      sampleSize: m.sampleSize,
      details: m.details,
    };
  }
  const order = { high: 0, medium: 1, info: 2 } as const;
  const warnings: ReportWarning[] = b.warnings
    .map((w) => ({
      id: w.id,
      category: w.category,
      code: w.code,
      severity: w.severity,
      title: w.title,
      message: w.message,
      mitigation: w.mitigation,
      evidence: w.evidence,
      reviewState: w.reviewState,
    }))
    .sort((a, c) => order[a.severity] - order[c.severity]);
  const attributes = new Set<string>(b.findings.map((f) => f.attribute));
  for (const d of [b.source, b.target]) for (const c of d?.attributeColumns ?? []) attributes.add(c.name);
  return {
    version: 1,
    generatedAt: new Date().toISOString(),
    audit: {
      id: b.audit.id,
      name: b.audit.name,
      status: b.audit.status,
      stage: b.audit.stage,
      error: b.audit.error,
      reviewStatus: b.audit.reviewStatus,
      createdAt: b.audit.createdAt.toISOString(),
      finishedAt: b.audit.finishedAt?.toISOString() ?? null,
      layers: b.audit.layers,
      settings: b.audit.settings,
      runtime: b.audit.runtime,
    },
    model: b.model
      ? {
          id: b.model.id,
          slug: b.model.slug,
          name: b.model.name,
          format: b.model.format,
          provenance: b.model.provenance,
          sourceDataset: b.model.sourceDataset,
          parameterCount: b.model.parameterCount,
          hasHead: b.model.hasHead,
        }
      : null,
    source: dataset(b.source),
    target: dataset(b.target),
    recommendation: b.recommendation
      ? {
          verdict: b.recommendation.verdict,
          splitLayer: b.recommendation.splitLayer,
          confidence: b.recommendation.confidence,
          confidenceLabel: b.recommendation.confidenceLabel,
          reasons: b.recommendation.reasons,
          thresholdsVersion: b.recommendation.thresholdsVersion,
        }
      : null,
    layers: [...layers.values()],
    warnings,
    warningGroups: groupBiasWarnings(warnings, {
      attributes: [...attributes],
      datasetNames: { source: b.source?.name ?? null, target: b.target?.name ?? null },
    }),
    bias: b.findings.map((f) => ({
      kind: f.kind,
      attribute: f.attribute,
      layer: f.layer,
      inferredBy: f.inferredBy,
      result: f.result,
    })),
    verification: b.verification.map((v) => ({
      strategy: v.strategy,
      fraction: v.fraction,
      trainSize: v.trainSize,
      testSize: v.testSize,
      accuracy: v.accuracy,
      low: v.low,
      high: v.high,
      epochs: v.epochs,
      curve: v.curve,
    })),
    artifacts: b.artifacts.map((a) => ({ kind: a.kind, layer: a.layer, data: a.data })),
    trail: b.events.map((e) => ({
      action: e.action,
      actor: e.actorEmail ?? e.actorId,
      from: e.fromState,
      to: e.toState,
      at: e.at.toISOString(),
      detail: e.detail,
    })),
  };
}

export async function assembleReport(db: Db, auditId: string): Promise<Report | null> {
  const bundle = await loadAuditBundle(db, auditId);
  return bundle ? reportFromBundle(bundle) : null;
}
