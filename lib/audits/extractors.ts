/**
 * What an audit embeds: for each of source and target, the pretrained extractor at every selected
 * layer (plus the classification head when the model has one, for BBSD and LEEP), and the randomly
 * initialised copy of the same architecture at the same layers (the baseline the recommendation
 * leans on: are the pretrained features better than random ones?).
 */
import type { Audit, Model } from "@/db/schema";
import { extractorKey } from "@/lib/embeddings/store";

export type ExtractorKind = "pretrained" | "random";

export interface LayerExtractor {
  kind: ExtractorKind;
  layer: string;
  key: string;
  /** The head's probabilities rather than a representation. */
  isHead: boolean;
}

export function headLayer(model: Model): string | null {
  if (!model.hasHead) return null;
  const meta = model.meta as { headLayer?: string };
  return meta.headLayer ?? null;
}

export function auditExtractors(audit: Audit, model: Model, kind: ExtractorKind): LayerExtractor[] {
  const head = kind === "pretrained" ? headLayer(model) : null;
  const layers = [...audit.layers, ...(head && !audit.layers.includes(head) ? [head] : [])];
  return layers.map((layer) => ({
    kind,
    layer,
    isHead: layer === head,
    key: extractorKey({
      weightsHash: model.weightsHash,
      layer,
      pooling: audit.settings.pooling,
      preprocessing: model.preprocessing,
      randomSeed: kind === "random" ? audit.settings.seed : null,
    }),
  }));
}
