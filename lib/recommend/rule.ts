/**
 * The recommendation: transfer, fine-tune, train from scratch, or the case the lecture's table leaves
 * out (small target, different task), with a split layer, a confidence and reasons tied to numbers.
 *
 * The lecture's table (e.g. CS231n "Transfer Learning" notes; Yosinski et al., NeurIPS 2014):
 *                    similar task            different task
 *   small target     transfer (frozen)       small_different: earlier split, heavy regularisation, more data
 *   large target     fine-tune               train from scratch
 * Size is read from samples per class, the task from the pretrained-vs-random linear-probe margin (and
 * the shift when the margin cannot decide): axes.ts. The split layer: split.ts. Every threshold:
 * thresholds.ts. Pure: no I/O, no randomness.
 *
 * Confidence = P(size side right) x P(task side right), capped at TINY_CONFIDENCE_CAP when the target
 * is too small to judge; labels high >= 0.8 > medium >= 0.5 > low.
 */
import { layerMargin, readSize, readTask } from "./axes";
import {
  adviceReason,
  biasReason,
  biasWarnings,
  knnReason,
  MAX_BIAS_WARNINGS,
  marginReason,
  probeReason,
  shiftReason,
  sizeReason,
  splitReason,
  tinyReason,
} from "./reasons";
import { earlierLayer, referenceLayer } from "./split";
import { CONFIDENCE_HIGH, CONFIDENCE_MEDIUM, THRESHOLDS_VERSION, TINY_CONFIDENCE_CAP } from "./thresholds";
import type { ConfidenceLabel, Reason, Recommendation, RecommendationInput, Verdict } from "./types";
import { validateInput } from "./validate";

export function confidenceLabel(c: number): ConfidenceLabel {
  return c >= CONFIDENCE_HIGH ? "high" : c >= CONFIDENCE_MEDIUM ? "medium" : "low";
}

export function recommend(input: RecommendationInput): Recommendation {
  validateInput(input);
  const size = readSize(input.target);
  // Depth order, the input order breaking ties (Array.prototype.sort is stable).
  const layers = [...input.layers].sort((a, b) => a.depth - b.depth).map(layerMargin);
  const reference = referenceLayer(layers);
  const task = readTask(
    reference,
    layers.map((l) => l.evidence),
  );

  const verdict: Verdict =
    task.task === "similar"
      ? size.size === "large"
        ? "fine_tune"
        : "transfer"
      : size.size === "large"
        ? "from_scratch"
        : "small_different";
  const { layer: chosen, moved } =
    verdict === "small_different" ? earlierLayer(layers, reference) : { layer: reference, moved: false };

  let confidence = size.p * task.p;
  if (size.tiny) confidence = Math.min(confidence, TINY_CONFIDENCE_CAP);

  const reasons: Reason[] = [];
  if (size.tiny) reasons.push(tinyReason(size));
  reasons.push(sizeReason(size, input.target));
  reasons.push(probeReason(reference));
  reasons.push(marginReason(reference, task));
  reasons.push(shiftReason(reference.evidence, task));
  if (task.shiftLayer && task.shiftLayer !== reference.evidence)
    reasons.push(shiftReason(task.shiftLayer, task));
  const knn = knnReason(reference.evidence);
  if (knn) reasons.push(knn);
  reasons.push(splitReason(chosen, moved, verdict));
  reasons.push(adviceReason(verdict, size, input.chance));
  const warnings = biasWarnings(input.bias.warnings);
  const bias = biasReason(
    warnings.filter((w) => w.severity === "high").length,
    warnings.filter((w) => w.severity === "medium").length,
  );
  if (bias) reasons.push(bias);

  return {
    verdict,
    splitLayer: chosen.evidence.layer,
    confidence,
    confidenceLabel: confidenceLabel(confidence),
    reasons,
    biasWarnings: warnings.slice(0, MAX_BIAS_WARNINGS),
    biasWarningsOmitted: Math.max(0, warnings.length - MAX_BIAS_WARNINGS),
    axes: {
      size: size.tiny ? "tiny" : size.size,
      medianPerClass: size.medianPerClass,
      minPerClass: size.minPerClass,
      task: task.task,
      taskDecidedBy: task.by,
      referenceLayer: reference.evidence.layer,
    },
    thresholdsVersion: THRESHOLDS_VERSION,
  };
}
