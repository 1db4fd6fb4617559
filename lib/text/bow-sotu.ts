/**
 * Pretraining recipe of the bundled `bow-sotu` encoder: the bag-of-words network of bow-model.ts
 * trained on State of the Union passages of the SOURCE era (1790-1899).
 *
 * - Samples: every address of 1790-1899 cut into passages of >= 100 words (sotu.ts), ~7,300.
 * - Held out: `heldOutPerDecade` whole addresses per decade, drawn with the seed; a passage is
 *   never split from its address, so the held-out score is on unseen speeches.
 * - Vocabulary: the `vocabularySize` most frequent words of the TRAINING passages (held-out
 *   addresses excluded), ties alphabetical; BERT basic tokenisation; weighting log1p-l2 (bow.ts).
 * - Task: the decade of the address (11 classes, 1790s-1890s). It costs no annotation (the year
 *   is in the corpus), it cannot be solved from a handful of stop words, and it pushes the features
 *   towards what changes across time in political prose (topics, institutions, phrasing), which
 *   is exactly the axis along which the target era (1990-2021) differs. Party was rejected as the
 *   task because it is the demo's audited attribute and six of the era's eight parties have too
 *   few addresses; a reconstruction objective was rejected as it mostly learns word frequencies.
 */
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { type BowWeighting, encodeBow } from "./bow";
import { type TrainedBowModel, trainBowModel } from "./bow-model";
import {
  decadeLabel,
  inEra,
  loadSotuSpeeches,
  type Passage,
  SOURCE_ERA,
  type Speech,
  speechPassages,
} from "./sotu";
import { buildWordVocabulary } from "./vocabulary";

export interface BowSotuConfig {
  seed: number;
  vocabularySize: number;
  hidden: number;
  features: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  minWords: number;
  heldOutPerDecade: number;
  weighting: BowWeighting;
  /** Keep every k-th training and held-out passage (1 = all); only for quick reproducibility checks. */
  passageStride: number;
}

export const BOW_SOTU_DEFAULTS: BowSotuConfig = {
  seed: 1790,
  vocabularySize: 2000,
  hidden: 128,
  features: 32,
  epochs: 12,
  batchSize: 64,
  learningRate: 1e-3,
  l2: 1e-4,
  minWords: 100,
  heldOutPerDecade: 2,
  weighting: "log1p-l2",
  passageStride: 1,
};

export interface SotuSplit {
  classes: string[];
  train: Passage[];
  heldOut: Passage[];
  heldOutSpeeches: string[];
}

/** Source-era passages split by whole addresses, `heldOutPerDecade` addresses per decade held out. */
export function splitSotuSource(
  config: Pick<BowSotuConfig, "seed" | "minWords" | "heldOutPerDecade">,
  speeches?: Speech[],
): SotuSplit {
  const source = (speeches ?? loadSotuSpeeches()).filter((s) => inEra(s.year, SOURCE_ERA));
  const byDecade = new Map<string, Speech[]>();
  for (const s of source) {
    const d = decadeLabel(s.year);
    byDecade.set(d, [...(byDecade.get(d) ?? []), s]);
  }
  const classes = [...byDecade.keys()].sort();
  const rng = createRng(config.seed);
  const heldOutKeys = new Set<string>();
  for (const d of classes) {
    const group = byDecade
      .get(d)!
      .slice()
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    if (group.length <= config.heldOutPerDecade) {
      throw new Error(`heldOutPerDecade: ${config.heldOutPerDecade} leaves no training address in the ${d}`);
    }
    const order = permutation(group.length, rng);
    for (let k = 0; k < config.heldOutPerDecade; k++) heldOutKeys.add(group[order[k]!]!.key);
  }
  const train: Passage[] = [];
  const heldOut: Passage[] = [];
  for (const s of source) {
    for (const p of speechPassages(s, config.minWords)) (heldOutKeys.has(s.key) ? heldOut : train).push(p);
  }
  return { classes, train, heldOut, heldOutSpeeches: [...heldOutKeys].sort() };
}

export interface HeldOutMetrics {
  passages: number;
  speeches: number;
  accuracy: number;
  /** Share of the most frequent decade among held-out passages: what always guessing it scores. */
  majorityBaseline: number;
  /** Mean |predicted - true| in decades. */
  meanAbsDecadeError: number;
  /** Share predicted within one decade of the truth. */
  withinOneDecade: number;
}

export interface PretrainedBowSotu {
  trained: TrainedBowModel;
  vocabulary: string[];
  classes: string[];
  split: { train: number; heldOut: number; heldOutSpeeches: string[] };
  heldOut: HeldOutMetrics;
  config: BowSotuConfig;
}

export async function pretrainBowSotu(
  config: BowSotuConfig,
  onEpoch?: (epoch: number, loss: number) => void,
): Promise<PretrainedBowSotu> {
  if (!Number.isInteger(config.passageStride) || config.passageStride < 1) {
    throw new Error(`passageStride: expected a positive integer, got ${config.passageStride}`);
  }
  const split = splitSotuSource(config);
  const train = split.train.filter((_, i) => i % config.passageStride === 0);
  const heldOutPassages = split.heldOut.filter((_, i) => i % config.passageStride === 0);
  const classIndex = new Map(split.classes.map((c, i) => [c, i]));
  const vocabulary = [
    ...buildWordVocabulary(
      train.map((p) => p.text),
      config.vocabularySize,
      "bow-sotu",
    ).tokens,
  ];
  const encode = (ps: Passage[]) => ({
    x: encodeBow(
      ps.map((p) => p.text),
      vocabulary,
      config.weighting,
    ),
    y: Int32Array.from(ps, (p) => classIndex.get(decadeLabel(p.year))!),
  });
  const heldOutData = encode(heldOutPassages);
  const trained = await trainBowModel({
    architecture: {
      inputSize: vocabulary.length,
      hidden: config.hidden,
      features: config.features,
      classes: split.classes.length,
    },
    train: encode(train),
    heldOut: heldOutData,
    seed: config.seed,
    epochs: config.epochs,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    l2: config.l2,
    onEpoch,
  });
  const predictions = trained.heldOut!.predictions;
  const counts = new Map<number, number>();
  let absErr = 0;
  let withinOne = 0;
  heldOutData.y.forEach((c, i) => {
    counts.set(c, (counts.get(c) ?? 0) + 1);
    const e = Math.abs(predictions[i]! - c);
    absErr += e;
    if (e <= 1) withinOne += 1;
  });
  const n = heldOutData.y.length;
  return {
    trained,
    vocabulary,
    classes: split.classes,
    split: { train: train.length, heldOut: n, heldOutSpeeches: split.heldOutSpeeches },
    heldOut: {
      passages: n,
      speeches: split.heldOutSpeeches.length,
      accuracy: trained.heldOut!.accuracy,
      majorityBaseline: Math.max(...counts.values()) / n,
      meanAbsDecadeError: absErr / n,
      withinOneDecade: withinOne / n,
    },
    config,
  };
}
