import type { DatasetCard } from "../cards";
import { CARD_SKEW_SEVERITY } from "../thresholds";
import type { BiasWarning } from "./types";

/** Documented skews of a source dataset, as warnings (never "high": nothing was measured here). */
export function cardWarnings(card: DatasetCard): BiasWarning[] {
  const cite = (ids: string[]) =>
    ids.map((id) => card.references.find((r) => r.id === id)?.citation ?? id).join("; ");
  return card.skews.map((s) => ({
    attribute: s.attribute,
    ...(s.attributeSource ? { inferredBy: s.attributeSource } : {}),
    kind: "dataset-card" as const,
    severity: s.concernsPeople ? CARD_SKEW_SEVERITY : ("info" as const),
    metric: "documented skew of the source dataset",
    value: null,
    interval: null,
    counts: "documented in the cited work; not measured on your data",
    dataset: card.id,
    rule: "documented skews of the pretraining data are at most medium: evidence about the features' origin, not a measurement",
    message:
      `Documented for ${card.name}: ${s.finding}` +
      (s.attributeSource ? ` (attribute obtained by ${s.attributeSource}).` : "") +
      ` Source: ${cite(s.references)}.`,
    mitigation: s.concernsPeople
      ? "Measure the same skew on your target data (representation, leakage, per-group accuracy) before relying on features pretrained on this dataset."
      : "Keep in mind when reading the transfer results.",
  }));
}
