/**
 * Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 7.4 with the
 * two-loop recursion 7.5) for smooth, strictly convex objectives such as L2-regularised logistic
 * regression. Deterministic: a fixed initial point, a fixed backtracking schedule, fixed limits.
 *
 * Line search: backtracking from the L-BFGS step (first iteration: a step of length 1 / |g|) until
 * the Armijo condition f(x + t p) <= f(x) + 1e-4 t g.p holds. For a strictly convex objective
 * s.y = s' H s > 0 for every step, so the curvature pairs stay positive definite without a Wolfe
 * search; a pair is still skipped when s.y is not positive, which only rounding can cause.
 */

export interface LbfgsOptions {
  /** Iteration limit (default 500). */
  maxIter?: number;
  /** Stop when max |gradient| <= gradTol (default 1e-6). */
  gradTol?: number;
  /** Stop when the objective falls by less than ftol * max(1, |f|) in one iteration (default 1e-12). */
  ftol?: number;
  /** Number of curvature pairs kept (default 10). */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  /** Objective and gradient evaluations, line search included. */
  evaluations: number;
  converged: boolean;
  gradMax: number;
}

/** `fg(x, grad)` writes the gradient into `grad` and returns the objective. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

function dotv(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v;
  }
  return m;
}

export function minimizeLbfgs(
  fg: ObjectiveWithGradient,
  x0: Float64Array,
  opts: LbfgsOptions = {},
): LbfgsResult {
  const maxIter = opts.maxIter ?? 500;
  const gradTol = opts.gradTol ?? 1e-6;
  const ftol = opts.ftol ?? 1e-12;
  const mem = opts.memory ?? 10;
  const n = x0.length;

  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new Error("lbfgs: objective is not finite at the starting point");

  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(mem);
  const p = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);

  let iterations = 0;
  let gradMax = maxAbs(g);
  let converged = gradMax <= gradTol;

  while (!converged && iterations < maxIter) {
    // Two-loop recursion: p = -H g.
    for (let i = 0; i < n; i++) p[i] = -g[i]!;
    const m = S.length;
    for (let k = m - 1; k >= 0; k--) {
      const a = rho[k]! * dotv(S[k]!, p);
      alpha[k] = a;
      const yk = Y[k]!;
      for (let i = 0; i < n; i++) p[i]! -= a * yk[i]!;
    }
    if (m > 0) {
      // Initial Hessian scaling gamma = s'y / y'y of the newest pair (N&W eq. 7.20).
      const gamma = dotv(S[m - 1]!, Y[m - 1]!) / dotv(Y[m - 1]!, Y[m - 1]!);
      for (let i = 0; i < n; i++) p[i]! *= gamma;
    }
    for (let k = 0; k < m; k++) {
      const b = rho[k]! * dotv(Y[k]!, p);
      const sk = S[k]!;
      const c = alpha[k]! - b;
      for (let i = 0; i < n; i++) p[i]! += c * sk[i]!;
    }

    let slope = dotv(g, p);
    if (!(slope < 0)) {
      // Not a descent direction (rounding): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) p[i] = -g[i]!;
      slope = dotv(g, p);
    }
    let t = m === 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + t * p[i]!;
      fNew = fg(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    iterations++;
    if (!accepted) break; // no decrease possible at machine precision: x is as good as it gets

    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      yv[i] = gNew[i]! - g[i]!;
    }
    const sy = dotv(s, yv);
    if (sy > 1e-12 * Math.sqrt(dotv(s, s) * dotv(yv, yv))) {
      if (S.length === mem) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }

    const decrease = f - fNew;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = fNew;
    gradMax = maxAbs(g);
    if (gradMax <= gradTol || decrease <= ftol * Math.max(1, Math.abs(f))) converged = true;
  }
  return { x, f, iterations, evaluations, converged, gradMax };
}
