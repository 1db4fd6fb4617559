/**
 * The reason sentences: each one short, each quoting the number it rests on (and carrying that number
 * as structured evidence, so a report can render or check it).
 */
import type { LayerMargin, SizeAxis, TaskAxis } from "./axes";
import { count, f2, pct, withCi } from "./format";
import { LARGE_PER_CLASS, MIN_GAIN, MIN_PER_CLASS, PAD_SIMILAR_MAX, SPLIT_TIE } from "./thresholds";
import type { BiasFinding, BiasWarningOut, LayerEvidence, Reason, TargetSize, Verdict } from "./types";

export function tinyReason(size: SizeAxis): Reason {
  return {
    text:
      `Too few samples to judge: the smallest class has ${count(size.minPerClass)}, below the ` +
      `${MIN_PER_CLASS} per class the 5-fold probes need; treat this verdict as a guess.`,
    evidence: { metric: "min_per_class", value: size.minPerClass },
  };
}

export function sizeReason(size: SizeAxis, t: TargetSize): Reason {
  const side = size.size === "large" ? "at or above" : "below";
  return {
    text:
      `The target has a median of ${count(size.medianPerClass)} samples per class (${count(t.n)} in total), ` +
      `${side} the ${LARGE_PER_CLASS} per class that separates small from large targets.`,
    evidence: { metric: "median_per_class", value: size.medianPerClass, n: t.n },
  };
}

export function probeReason(m: LayerMargin): Reason {
  const e = m.evidence;
  const pre = e.transfer.linearProbe;
  const rnd = e.random.linearProbe;
  return {
    text:
      `Frozen features at ${e.layer} reach ${withCi(pre.value, pre.low, pre.high)} linear-probe accuracy ` +
      `against ${f2(rnd.value)} (${f2(rnd.low)}–${f2(rnd.high)}) for random features of the same network.`,
    evidence: {
      metric: "linear_probe_accuracy",
      value: pre.value,
      low: pre.low,
      high: pre.high,
      n: pre.n,
      layer: e.layer,
    },
  };
}

export function marginReason(m: LayerMargin, task: TaskAxis): Reason {
  const { value, low, high } = m.margin;
  const removes = `removing ${pct(Math.max(m.gain, -9.99))} of the random features' errors`;
  let verdict: string;
  if (task.by === "shift") {
    verdict = `too uncertain to decide against the ${pct(MIN_GAIN)} needed for a similar task`;
  } else if (task.task === "similar") {
    verdict = `above the ${pct(MIN_GAIN)} that marks a similar task`;
  } else {
    verdict = `below the ${pct(MIN_GAIN)} that marks a similar task`;
  }
  return {
    text: `Pretraining adds ${withCi(value, low, high)} accuracy over random features, ${removes}: ${verdict}.`,
    evidence: { metric: "probe_margin", value, low, high, layer: m.evidence.layer },
  };
}

export function shiftReason(e: LayerEvidence, task: TaskAxis): Reason {
  const s = e.shift;
  const pad = s.pad;
  const ci =
    pad.low !== undefined && pad.high !== undefined ? ` (95 % CI ${f2(pad.low)}–${f2(pad.high)})` : "";
  const z = s.mmdNullSd > 0 ? (s.mmd2 - s.mmdNullMean) / s.mmdNullSd : null;
  const mmd =
    z === null
      ? ""
      : `; MMD² is ${z.toFixed(1)} null SDs above its permutation mean (p = ${s.mmdPValue.toPrecision(2)})`;
  // The deciding sentence goes on the voting layer's reason only.
  const vote =
    task.by === "shift" && task.shiftLayer === e
      ? ` The margin being inconclusive, the shift decides: the lowest PAD up to the split layer is ` +
        `${pad.value < PAD_SIMILAR_MAX ? "below" : "at or above"} ${f2(PAD_SIMILAR_MAX)}, which reads as a ${task.task} task.`
      : "";
  return {
    text:
      `Source and target differ at ${e.layer}: proxy A-distance ${f2(pad.value)}${ci} on a scale from 0 ` +
      `(indistinguishable) to 2 (separable)${mmd}.${vote}`,
    evidence: { metric: "proxy_a_distance", value: pad.value, low: pad.low, high: pad.high, layer: e.layer },
  };
}

export function knnReason(e: LayerEvidence): Reason | null {
  const k = e.transfer.knn;
  const r = e.random.knn;
  if (!r) return null;
  return {
    text: `k-NN on the frozen features at ${e.layer}: ${withCi(k.value, k.low, k.high)}, against ${f2(r.value)} on random features.`,
    evidence: { metric: "knn_accuracy", value: k.value, low: k.low, high: k.high, layer: e.layer },
  };
}

export function splitReason(chosen: LayerMargin, moved: boolean, verdict: Verdict): Reason {
  const e = chosen.evidence;
  const pre = e.transfer.linearProbe;
  if (moved) {
    return {
      text:
        `Split earlier, at ${e.layer} (depth ${f2(e.depth)}): its features add ${f2(chosen.margin.value)} over random ` +
        `ones (lower bound ${f2(chosen.margin.low)}) and earlier layers are the more general ones.`,
      evidence: {
        metric: "probe_margin",
        value: chosen.margin.value,
        low: chosen.margin.low,
        high: chosen.margin.high,
        layer: e.layer,
      },
    };
  }
  const note =
    verdict === "small_different"
      ? "no earlier layer's features beat random ones significantly, so the best probe layer stays"
      : verdict === "from_scratch"
        ? "the network cut there is the architecture to train from random initialisation"
        : `the best pretrained probe (layers within ${f2(SPLIT_TIE)} of it count as tied; the earliest is kept)`;
  return {
    text: `Split at ${e.layer} (depth ${f2(e.depth)}, probe ${f2(pre.value)}): ${note}.`,
    evidence: {
      metric: "linear_probe_accuracy",
      value: pre.value,
      low: pre.low,
      high: pre.high,
      layer: e.layer,
    },
  };
}

export function adviceReason(verdict: Verdict, size: SizeAxis, chance: number): Reason {
  const per = count(size.medianPerClass);
  switch (verdict) {
    case "transfer":
      return {
        text: `With ${per} samples per class, fine-tuning would fit the noise: keep the extractor frozen and train only the head.`,
        evidence: { metric: "median_per_class", value: size.medianPerClass },
      };
    case "fine_tune":
      return {
        text: `With ${per} samples per class there is enough data to unfreeze the extractor after the head is trained, at a lower learning rate.`,
        evidence: { metric: "median_per_class", value: size.medianPerClass },
      };
    case "from_scratch":
      return {
        text: `With ${per} samples per class and features that add little, the network can learn its own: train it from random initialisation.`,
        evidence: { metric: "median_per_class", value: size.medianPerClass },
      };
    case "small_different":
      return {
        text:
          `With ${per} samples per class and a task the features do not fit, freeze an early layer, regularise the head heavily ` +
          `(strong L2, early stopping), and collect more labelled data (chance level is ${f2(chance)}).`,
        evidence: { metric: "chance_accuracy", value: chance },
      };
  }
}

export function biasReason(high: number, medium: number): Reason | null {
  if (high + medium === 0) return null;
  const parts = [high ? `${high} high` : "", medium ? `${medium} medium` : ""].filter(Boolean).join(" and ");
  return {
    text: `${parts} severity bias warning${high + medium > 1 ? "s" : ""} come with reusing this model (see the bias findings).`,
    evidence: { metric: high ? "bias_warnings_high" : "bias_warnings_medium", value: high || medium },
  };
}

/**
 * At most this many findings travel with the recommendation (high first); the rest are counted. A
 * colour x label table of Colored-MNIST alone yields 100 significant cells: the recommendation points
 * at the bias section rather than repeating it.
 */
export const MAX_BIAS_WARNINGS = 10;

/** High and medium findings, each followed by what reusing the model means for it. */
export function biasWarnings(findings: readonly BiasFinding[]): BiasWarningOut[] {
  const out: BiasWarningOut[] = [];
  for (const w of findings) {
    if (w.severity === "info") continue;
    const consequence =
      w.severity === "high"
        ? "Reusing this model carries the finding into the new task: address it before deploying."
        : "Reusing this model may carry the finding into the new task: check it on the target before deploying.";
    out.push({ severity: w.severity, title: w.title, text: `${w.message.trim()} ${consequence}` });
  }
  // High first, the findings' own order within a severity.
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "high" ? -1 : 1));
}
