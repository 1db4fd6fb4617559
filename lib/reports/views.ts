/**
 * Typed views of the loosely typed parts of a `Report` (bias findings and artifacts are stored as
 * JSON): what each report section reads. Only grouping and casting here, no arithmetic.
 */

import type { VocabularyCoverageArtifact } from "@/lib/audits/stages/text-coverage";
import type {
  DatasetCard,
  GroupPerformanceResult,
  LabelAttributeResult,
  LeakageResult,
  RepresentationResult,
} from "@/lib/bias";
import type { MappingSummary } from "@/lib/embeddings/input";
import type { Report } from "./assemble";

export interface BiasView {
  representation: RepresentationResult[];
  labelAttribute: { side: "source" | "target"; result: LabelAttributeResult }[];
  leakage: LeakageResult[];
  groupPerformance: (GroupPerformanceResult & { layer: string | null })[];
  cards: DatasetCard[];
}

export function biasView(r: Report): BiasView {
  const v: BiasView = {
    representation: [],
    labelAttribute: [],
    leakage: [],
    groupPerformance: [],
    cards: [],
  };
  for (const f of r.bias) {
    if (f.kind === "representation") v.representation.push(f.result as RepresentationResult);
    else if (f.kind.startsWith("label_attribute:")) {
      const side = f.kind.slice("label_attribute:".length) === "source" ? "source" : "target";
      v.labelAttribute.push({ side, result: f.result as LabelAttributeResult });
    } else if (f.kind === "leakage") v.leakage.push(f.result as LeakageResult);
    else if (f.kind === "group_performance")
      v.groupPerformance.push({ ...(f.result as GroupPerformanceResult), layer: f.layer });
    else if (f.kind === "dataset_card") v.cards.push(f.result as DatasetCard);
  }
  return v;
}

export interface MapPoint {
  id: number;
  /** "s" source, "t" target. */
  d: "s" | "t";
  label: string | null;
  attrs: Record<string, string | null>;
  pca: [number, number];
  umap?: [number, number];
}

export interface Map2d {
  layer: string;
  explained: number[];
  sampled: { source: number; target: number; sourceTotal: number; targetTotal: number; seed: number };
  points: MapPoint[];
}

export interface FarthestView {
  layer: string | null;
  medianDistance: number;
  searched: { source: number; target: number };
  samples: {
    sampleId: number;
    externalId: string;
    label: string | null;
    distance: number;
    neighbours: { sampleId: number; externalId: string; label: string | null; distance: number }[];
  }[];
}

export type InputMappingView = Record<
  "source" | "target",
  | { summary: MappingSummary | null; skipped: { sampleId: number; externalId: string; reason: string }[] }
  | undefined
>;

export function maps(r: Report): Map2d[] {
  const order = new Map(r.audit.layers.map((l, i) => [l, i]));
  return r.artifacts
    .filter((a) => a.kind === "map2d" && a.layer)
    .map((a) => ({ layer: a.layer!, ...(a.data as Omit<Map2d, "layer">) }))
    .sort((a, b) => (order.get(a.layer) ?? 99) - (order.get(b.layer) ?? 99));
}

export function farthest(r: Report): FarthestView | null {
  const a = r.artifacts.find((x) => x.kind === "farthest");
  return a ? { layer: a.layer, ...(a.data as Omit<FarthestView, "layer">) } : null;
}

export function inputMapping(r: Report): InputMappingView | null {
  const a = r.artifacts.find((x) => x.kind === "input_mapping");
  return a ? (a.data as InputMappingView) : null;
}

/** How much of each corpus the text model's vocabulary covers (text audits only). */
export function vocabularyCoverage(r: Report): VocabularyCoverageArtifact | null {
  const a = r.artifacts.find((x) => x.kind === "vocabulary_coverage");
  return a ? (a.data as VocabularyCoverageArtifact) : null;
}

/** Sample ids a share link may show thumbnails of: the farthest targets and their neighbours. */
export function shareableSampleIds(farthestData: unknown): Set<number> {
  const f = farthestData as Omit<FarthestView, "layer"> | null;
  const ids = new Set<number>();
  for (const s of f?.samples ?? []) {
    ids.add(s.sampleId);
    for (const n of s.neighbours) ids.add(n.sampleId);
  }
  return ids;
}
