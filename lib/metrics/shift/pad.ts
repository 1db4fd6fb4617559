/**
 * Proxy A-distance between a source and a target feature set (Ben-David, Blitzer, Crammer &
 * Pereira, NIPS 2007; Ben-David et al., Machine Learning 2010; as computed in Ganin et al., JMLR
 * 2016, section 5.1.4):
 *   PAD = 2 (1 - 2 eps),  eps = error of a classifier trained to tell source rows from target rows.
 * Here eps is the 5-fold stratified cross-validated error of the L2 logistic regression
 * (lib/metrics/classifiers, standardised features, l2 = 1e-3) on a balanced sample: the same number
 * m' = min(n, m, maxSamples) of seeded random rows from each side, so chance error is exactly 0.5.
 * PAD is about 0 when the two sets are indistinguishable (eps ~ 0.5; small negative values are
 * sampling noise) and 2 when they are linearly separable (eps = 0). The domain AUC comes from the
 * out-of-fold probabilities (0.5 = indistinguishable, 1 = separable); the interval is the 95% Wilson
 * interval of eps carried through the (decreasing) map eps -> 2 (1 - 2 eps).
 * Ganin et al. use a linear SVM; a logistic regression is the same linear family.
 */
import { crossValPredict } from "@/lib/metrics/classifiers/crossval";
import { wilsonInterval } from "@/lib/metrics/classifiers/interval";
import { rocAuc } from "@/lib/metrics/classifiers/scores";
import { checkFeatures, intOption } from "@/lib/metrics/classifiers/validate";
import { type Matrix, takeRows, vstack } from "@/lib/metrics/matrix";
import { createRng, permutation } from "@/lib/metrics/stats/rng";

export interface PadOptions {
  /** Seed of the subsampling and of the folds (default 0). */
  seed?: number;
  /** Cross-validation folds (default 5). */
  folds?: number;
  /** Rows per side after balancing (default 2000). */
  maxSamples?: number;
  /** L2 penalty of the domain classifier (default 1e-3). */
  l2?: number;
}

export interface PadResult {
  pad: number;
  /** Cross-validated domain-classification error eps. */
  error: number;
  /** Domain AUC from out-of-fold probabilities. */
  auc: number;
  /** 95% interval of PAD from the Wilson interval of eps. */
  low: number;
  high: number;
  /** Source and target rows used (equal after balancing), and the rows given. */
  n: number;
  m: number;
  sourceRows: number;
  targetRows: number;
  folds: number;
}

export function proxyADistance(source: Matrix, target: Matrix, opts: PadOptions = {}): PadResult {
  const folds = intOption(opts.folds, 5, "proxyADistance opts.folds", 2);
  checkFeatures(source, "proxyADistance source", 2);
  checkFeatures(target, "proxyADistance target", 2);
  if (source.cols !== target.cols) {
    throw new Error(`proxyADistance: source has ${source.cols} columns, target has ${target.cols}`);
  }
  const maxSamples = intOption(opts.maxSamples, 2000, "proxyADistance opts.maxSamples", 2);
  const seed = opts.seed ?? 0;
  const per = Math.min(source.rows, target.rows, maxSamples);
  if (2 * per < folds) throw new Error(`proxyADistance: ${2 * per} balanced rows for ${folds} folds`);
  const rng = createRng(seed);
  const pick = (m: Matrix) =>
    m.rows === per ? m : takeRows(m, permutation(m.rows, rng).subarray(0, per).sort());
  const X = vstack(pick(source), pick(target));
  const y = new Int32Array(2 * per);
  y.fill(1, per);
  const cv = crossValPredict(X, y, { folds, seed, l2: opts.l2 });
  let wrong = 0;
  for (let i = 0; i < y.length; i++) if (cv.predicted[i] !== y[i]) wrong++;
  const error = wrong / y.length;
  const score = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) score[i] = cv.proba[i * 2 + 1]!;
  const ci = wilsonInterval(wrong, y.length);
  return {
    pad: 2 * (1 - 2 * error),
    error,
    auc: rocAuc(y, score),
    low: 2 * (1 - 2 * ci.high),
    high: 2 * (1 - 2 * ci.low),
    n: per,
    m: per,
    sourceRows: source.rows,
    targetRows: target.rows,
    folds,
  };
}
