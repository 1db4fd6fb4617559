/**
 * CORAL distance between the second-order statistics of two samples (Sun & Saenko, "Deep CORAL:
 * Correlation Alignment for Deep Domain Adaptation", ECCV 2016 Workshops, Eq. 1):
 *   ℓ_CORAL = ||C_s - C_t||²_F / (4 d²)
 * with the unbiased covariances of their Eqs. 2-3 (divide by n - 1).
 */
import type { Matrix } from "@/lib/metrics/matrix";
import { type GaussianFit, meanAndCovariance } from "@/lib/metrics/stats/linalg";
import { checkPair } from "./validate";

export interface CoralResult {
  distance: number;
  d: number;
}

export function coralDistance(
  source: Matrix,
  target: Matrix,
  fits?: { source: GaussianFit; target: GaussianFit },
): CoralResult {
  checkPair(source, target, "coralDistance");
  const d = source.cols;
  const cs = (fits?.source ?? meanAndCovariance(source.data, source.rows, d)).cov;
  const ct = (fits?.target ?? meanAndCovariance(target.data, target.rows, d)).cov;
  if (cs.length !== d * d || ct.length !== d * d) throw new Error("coralDistance: fits do not match d");
  let ss = 0;
  for (let k = 0; k < d * d; k++) ss += (cs[k]! - ct[k]!) ** 2;
  return { distance: ss / (4 * d * d), d };
}
