/**
 * Every threshold of the recommendation rule (rule.ts), in one place. Each says what it means, where
 * its value comes from, and how it was calibrated on the verification experiments of
 * `npm run eval:recommend` (scripts/eval/recommend.ts). Change a value -> bump THRESHOLDS_VERSION, so a
 * stored recommendation says which rule produced it.
 */

export const THRESHOLDS_VERSION = "2026-11-28.1";

/**
 * Refusal: below this many samples in the smallest class the rule still answers but says first that it
 * cannot judge, and caps the confidence at TINY_CONFIDENCE_CAP. Why 5: the probes are 5-fold stratified
 * cross-validations (lib/metrics/transferability/probes.ts); with fewer than 5 samples a class is
 * missing from some folds' test parts, so its probe accuracy is not measured at all.
 */
export const MIN_PER_CLASS = 5;

/** Highest confidence a verdict on a too-small target may carry ("low"). */
export const TINY_CONFIDENCE_CAP = 0.3;

/**
 * Size axis: a target is "large" from this many samples per class (median over classes, so that one
 * rare class does not turn 10,000 images into a "small" target; the refusal above uses the smallest).
 * Calibrated on the verification learning curves: on MNIST 5-9 with the 0-4 CNN, at 10 per class the
 * frozen head and fine-tuning tie (fine-tuning adds nothing measurable over its frozen start) and
 * training from scratch loses by 20+ points; from about 100 per class fine-tuning is ahead of the frozen
 * head. 50 per class lies between the size where fine-tuning stops paying (10) and where it clearly pays
 * (100), on the log scale the curves are sampled on. See the README evidence table.
 */
export const LARGE_PER_CLASS = 150;

/**
 * Spread of the size boundary on the log scale: the boundary is known to within a factor of about
 * 2 (the curves are sampled at 5 %, 20 %, 100 %, a factor 4-5 apart, and the crossing lies between two
 * samples). A target at 2x (or 1/2) the boundary is one spread away: confidence in the size axis
 * Phi(1) = 0.84; at 4x, Phi(2) = 0.98.
 */
export const SIZE_LOG_SPREAD = Math.log(2);

/**
 * Task axis: the share of the random features' linear-probe errors that the pretrained features remove,
 * gain = (acc_pretrained - acc_random) / (1 - acc_random). A task is "similar" when the gain is at least
 * this and the margin acc_pretrained - acc_random is positive with 95 % confidence (the interval of the
 * difference, Newcombe's method 10, lies above 0). The relative form makes "0.90 -> 0.97" (70 % of the
 * errors gone) count more than "0.60 -> 0.67" (18 %), which matches how much a frozen extractor then
 * leaves for fine-tuning or scratch training to win.
 * Calibrated: MNIST 0-4 CNN on MNIST 5-9 removes about 60-70 % of the random-feature errors at the
 * feature layers and the frozen head wins or ties at every size; on Fashion-MNIST it removes under 20 %
 * and the scratch network overtakes the frozen head from 20 % of the data. 0.35 sits between the two
 * measured families (see the README evidence table for the numbers of the run that set it).
 */
export const MIN_GAIN = 0.12;

/**
 * Split layer: layers whose pretrained linear probe is within this much (absolute accuracy) of the best
 * count as tied, and the earliest of them (the cheapest extractor) is chosen. One point of accuracy is
 * about the half-width of the probe's 95 % interval at 10,000 samples, so a smaller difference is
 * rarely measurable.
 */
export const SPLIT_TIE = 0.01;

/**
 * Shift as the second vote: used only when the margin's interval straddles the similarity boundary
 * (the margin cannot decide). Then a proxy A-distance below this at the split layer says "similar"
 * (a linear domain classifier errs on at least 1/4 of the rows: PAD = 2(1 - 2 * 0.25) = 1), at or
 * above it "different".
 */
export const PAD_SIMILAR_MAX = 1;

/** Standard error assumed for a PAD given without an interval (the Wilson half-width at 500 rows per side, / 1.96). */
export const PAD_DEFAULT_SE = 0.045;

/**
 * A verdict whose task axis rests on the shift vote (the margin was inconclusive) is multiplied by
 * this, so it can reach "medium" but never "high": a domain classifier separates MNIST 0-4 from 5-9
 * perfectly although those features transfer well, so shift alone is weak evidence about the task.
 */
export const SHIFT_VOTE_FACTOR = 0.7;

/** Confidence labels: high from 0.8, medium from 0.5, low below. */
export const CONFIDENCE_HIGH = 0.8;
export const CONFIDENCE_MEDIUM = 0.5;

/** z for two-sided 95 % intervals (the intervals the rule receives are 95 %). */
export const Z95 = 1.959964;
