/**
 * Every threshold that turns a bias finding into a warning severity, in one place, each with the
 * reason it was chosen. Where a number is a convention rather than a published standard, the
 * comment says so. Severity rules in `warnings/` read only these constants.
 *
 * Severities: "high" = the evidence clears the threshold even at the conservative end of its 95 %
 * interval; "medium" = the point estimate crosses the threshold but the interval does not exclude
 * the acceptable range, or the finding is documented for a source dataset but not measured here;
 * "info" = reported for context, nothing crossed.
 */

/**
 * Groups with fewer members than this are reported with their counts but never judged.
 * Default 30: the usual rule of thumb for a normal approximation to a proportion; at n = 30 the
 * 95 % Wilson interval around 50 % is still 33 %–67 % wide, so smaller groups support no
 * comparison a reviewer could rely on. Configurable per analysis (`minGroupSize`).
 */
export const MIN_GROUP_SIZE = 30;

/** Significance level for single tests and the false discovery rate for corrected families (Fisher 1925's conventional 5 %; Benjamini & Hochberg 1995 for FDR). */
export const ALPHA = 0.05;

/**
 * Disparate impact below 0.8 is adverse impact under the "four-fifths rule" of the US Uniform
 * Guidelines on Employee Selection Procedures (29 CFR § 1607.4(D), 1978): a selection rate for any
 * group below four-fifths of the rate of the group with the highest rate. AIF360's documentation
 * uses the same 0.8 lower bound (and 1.25 = 1/0.8 above) as its fair range for `disparate_impact`.
 */
export const DI_FOUR_FIFTHS = 0.8;
export const DI_UPPER = 1 / DI_FOUR_FIFTHS;

/**
 * |Statistical parity difference| above 0.1 is outside AIF360's documented fair range
 * [−0.1, 0.1] for `statistical_parity_difference` (AIF360 metric explanations, Bellamy et al. 2018).
 */
export const SPD_FAIR_RANGE = 0.1;

/**
 * Representation ratio (a group's share in the source / its share in the reference) outside
 * [0.8, 1.25]: there is no published standard for dataset representation, so this borrows the
 * four-fifths rule's band by analogy — a group with under four-fifths of its reference share is
 * called under-represented. A convention; stated as such in every warning.
 */
export const REPRESENTATION_RATIO_LOW = 0.8;
export const REPRESENTATION_RATIO_HIGH = 1 / REPRESENTATION_RATIO_LOW;

/**
 * Total variation distance above 0.1 between source and target group shares (with a significant
 * homogeneity test) is called a marked shift: at least 10 % of the probability mass sits on
 * different groups. A convention (no published standard); TVD alone is only info.
 */
export const TVD_MARKED = 0.1;

/**
 * Co-occurrence (label × attribute): a group's share within a label against its overall share.
 * Flagged when the BH-adjusted p-value is below ALPHA and the ratio leaves the four-fifths band
 * (medium), or is at most 1/2 or at least 2 (high). Zhao et al. (EMNLP 2017, "Men Also Like
 * Shopping") call a label gender-biased in training data when its co-occurrence departs from
 * parity and report biases "greater than 2:1"; the factor 2 follows that reading. Conventions.
 */
export const COOCCURRENCE_RATIO_LOW = 0.8;
export const COOCCURRENCE_RATIO_HIGH = 1 / COOCCURRENCE_RATIO_LOW;
export const COOCCURRENCE_RATIO_STRONG = 2;

/**
 * Leakage: balanced accuracy of predicting the attribute from the features, minus chance (1/C).
 * Medium when the lower 95 % bound of the margin is above 0 (the features measurably encode the
 * attribute; Wang et al., ICCV 2019, "Balanced Datasets Are Not Enough", define leakage this
 * way). High when that lower bound exceeds 0.10 — ten points of balanced accuracy above chance,
 * a convention chosen to separate a faint trace from a feature a downstream model can easily use.
 */
export const LEAKAGE_MARGIN_HIGH = 0.1;

/**
 * Worst-group gap in linear-probe accuracy (best − worst group ≥ the minimum size). Medium when
 * the gap's 95 % bootstrap interval lies above 0.05, high when above 0.10. Conventions (no
 * published standard); the interval condition keeps noise in small groups from raising alarms.
 */
export const GROUP_GAP_MEDIUM = 0.05;
export const GROUP_GAP_HIGH = 0.1;

/** Chi-square expected counts below this make the approximation unreliable (Cochran 1954, Biometrics 10:417-451). */
export const MIN_EXPECTED = 5;

/**
 * A skew documented for a pretraining dataset (a dataset card) is at most "medium": it is evidence
 * about the features' origin, not a measurement on the user's data.
 */
export const CARD_SKEW_SEVERITY = "medium" as const;
