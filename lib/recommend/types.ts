/**
 * Plain, JSON-serialisable input and output of the recommendation rule (rule.ts). The caller (the
 * audit's judge stage, the eval script, a test) gathers the measured numbers into
 * `RecommendationInput`; nothing here holds a tensor or touches the database.
 */

/** An estimate with its 95 % interval. */
export interface IntervalEstimate {
  value: number;
  low: number;
  high: number;
}

/** The target dataset's size. */
export interface TargetSize {
  /** Labelled target samples in total. */
  n: number;
  /** Samples per class label. */
  perClass: Record<string, number>;
  /** Number of classes (must equal the number of keys of `perClass`). */
  classes: number;
}

/** Source-vs-target domain shift at one layer (lib/metrics/shift and shift/pad.ts). */
export interface LayerShift {
  /** Unbiased MMD² (Gretton et al. 2012) between source and target embeddings. */
  mmd2: number;
  /** Permutation p-value of the MMD test. */
  mmdPValue: number;
  /** Mean and standard deviation of MMD² under the permutation null: (mmd2 - mean) / sd is a z-score. */
  mmdNullMean: number;
  mmdNullSd: number;
  /**
   * Proxy A-distance 2(1 - 2ε) of a domain classifier with held-out error ε (Ben-David et al. 2007),
   * in [0, 2] (negative values are clipped by the rule): 0 = domains indistinguishable, 2 = perfectly separable.
   */
  pad: { value: number; low?: number; high?: number };
  /** Held-out ROC AUC of the same domain classifier (0.5 = indistinguishable). */
  domainAuc: number;
  /** Fréchet distance between Gaussian fits (Heusel et al. 2017). */
  frechet: number;
  /** Principal components on which the KS test rejects equality after correction. */
  ksRejects: number;
}

/** Transferability of the pretrained features at one layer, measured on the target. */
export interface LayerTransfer {
  /** Cross-validated linear-probe accuracy with its 95 % interval and the number of samples it was measured on. */
  linearProbe: IntervalEstimate & { n: number };
  /** Cross-validated k-NN accuracy with its 95 % interval. */
  knn: IntervalEstimate;
  /** LogME (You et al. 2021), mean log evidence per sample. */
  logme?: number;
  /** H-score (Bao et al. 2019). */
  hscore?: number;
  /** LEEP (Nguyen et al. 2020); needs the source head, so only some layers have it. */
  leep?: number;
}

/** The same metrics on a randomly initialised copy of the same architecture (the random-feature baseline). */
export interface LayerRandom {
  linearProbe: IntervalEstimate;
  knn?: IntervalEstimate;
  logme?: number;
}

/** Everything measured at one candidate split layer. */
export interface LayerEvidence {
  /** Layer name as the model calls it. */
  layer: string;
  /** Relative position in the network, 0 = input, 1 = output. */
  depth: number;
  shift: LayerShift;
  transfer: LayerTransfer;
  random: LayerRandom;
}

export type BiasSeverity = "info" | "medium" | "high";

/** One bias finding, as the bias module's warnings reduce to. */
export interface BiasFinding {
  severity: BiasSeverity;
  title: string;
  message: string;
}

export interface BiasSummary {
  highestSeverity: BiasSeverity;
  warnings: BiasFinding[];
}

export interface RecommendationInput {
  target: TargetSize;
  /** Candidate split layers, in any order (the rule sorts them by depth). At least one. */
  layers: LayerEvidence[];
  /** Majority-class rate of the target: the accuracy of always guessing the most frequent class. */
  chance: number;
  bias: BiasSummary;
}

/**
 * - `transfer`: freeze the extractor at `splitLayer`, train a new head.
 * - `fine_tune`: as transfer, then unfreeze the extractor and train everything with a lower learning rate.
 * - `from_scratch`: the same architecture (cut at `splitLayer`) from random initialisation.
 * - `small_different`: few samples and a task the features do not fit: an earlier, more generic split
 *   layer, a frozen extractor, heavy regularisation on the head, and collect more data.
 */
export type Verdict = "transfer" | "fine_tune" | "from_scratch" | "small_different";

export type ConfidenceLabel = "low" | "medium" | "high";

/** The number a reason rests on. */
export interface Evidence {
  metric: string;
  value: number;
  low?: number;
  high?: number;
  n?: number;
  layer?: string;
}

export interface Reason {
  /** One short sentence quoting the number. */
  text: string;
  evidence: Evidence;
}

export interface BiasWarningOut {
  severity: "medium" | "high";
  title: string;
  /** The finding's own message followed by what reusing the model means for it. */
  text: string;
}

export interface Recommendation {
  verdict: Verdict;
  /**
   * The layer to cut at: the extractor is the network up to and including it. For `from_scratch` it is
   * still the architecture to train (the same cut, randomly initialised), which the verification uses.
   */
  splitLayer: string;
  /** 0..1: the estimated probability that each deciding criterion falls on the side the rule took. */
  confidence: number;
  confidenceLabel: ConfidenceLabel;
  reasons: Reason[];
  /** The high and medium bias findings, high first, at most MAX_BIAS_WARNINGS (reasons.ts) of them. */
  biasWarnings: BiasWarningOut[];
  /** High and medium findings left out of `biasWarnings` (they remain in the bias analysis). */
  biasWarningsOmitted: number;
  /** The two decision axes as the rule read them, for reports and tests. */
  axes: {
    size: "tiny" | "small" | "large";
    /** Median samples per class (the size axis) and the smallest class (the refusal check). */
    medianPerClass: number;
    minPerClass: number;
    task: "similar" | "different";
    /** Whether the probe margin decided the task axis, or (the margin being inconclusive) the shift. */
    taskDecidedBy: "margin" | "shift";
    /** The layer with the best pretrained probe (split.ts), where the task axis was read. */
    referenceLayer: string;
  };
  thresholdsVersion: string;
}
