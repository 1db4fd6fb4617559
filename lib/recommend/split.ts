/**
 * Which layer to cut at.
 *
 * 1. The reference layer is the one with the best pretrained linear probe; layers within SPLIT_TIE of
 *    the best count as tied and the earliest of them wins (a shorter extractor costs less to run and
 *    keeps more generic features). The task axis is read at this layer.
 * 2. For a different task on a small target (`small_different`), the cut moves earlier: to the layer,
 *    before the reference one, where the pretrained features add the most over random ones and that
 *    addition is significant (the margin's interval lies above 0). Rationale: Yosinski et al.
 *    (NeurIPS 2014) measured that features become specific to the source task with depth, so when the
 *    tasks differ the earlier, more general layers transfer better; the margin over random features says
 *    whether an earlier layer carries anything pretraining put there. With no such layer the reference
 *    layer stays (and the reasons say so).
 */
import type { LayerMargin } from "./axes";
import { SPLIT_TIE } from "./thresholds";

/** `layers` must be sorted by depth (shallowest first). */
export function referenceLayer(layers: readonly LayerMargin[]): LayerMargin {
  const best = Math.max(...layers.map((l) => l.evidence.transfer.linearProbe.value));
  return layers.find((l) => l.evidence.transfer.linearProbe.value >= best - SPLIT_TIE)!;
}

export interface EarlierChoice {
  layer: LayerMargin;
  /** True when an earlier layer with a significant margin was found. */
  moved: boolean;
}

export function earlierLayer(layers: readonly LayerMargin[], reference: LayerMargin): EarlierChoice {
  const before = layers.filter((l) => l.evidence.depth < reference.evidence.depth && l.margin.low > 0);
  if (before.length === 0) return { layer: reference, moved: false };
  // Largest margin; on equal margins the earlier layer (the array is in depth order, reduce keeps the first).
  const pick = before.reduce((a, b) => (b.margin.value > a.margin.value ? b : a));
  return { layer: pick, moved: true };
}
