/**
 * 2-D maps of embeddings for the report: PCA (exact top components by power iteration with
 * deflation on the centred data, float64) and UMAP (umap-js, McInnes et al. 2018) on the top PCA
 * components, seeded so a report redraws the same map.
 */
import { UMAP } from "umap-js";
import type { Matrix } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";

export interface Pca {
  mean: Float64Array;
  /** k x d, orthonormal rows. */
  components: Float64Array[];
  /** Variance along each component. */
  variances: number[];
  totalVariance: number;
}

/**
 * Top-k principal components. Power iteration on XᵀX/(n-1) applied as Xᵀ(Xv) so the d x d
 * covariance is never formed; 200 iterations or until the direction moves less than 1e-10.
 */
export function pca(m: Matrix, k: number, seed = 0): Pca {
  const { rows: n, cols: d, data } = m;
  if (n < 2) throw new Error(`pca: needs at least 2 rows, got ${n}`);
  const kk = Math.min(k, d, n - 1);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / n;
  const x = new Float64Array(n * d);
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const v = data[i * d + j]! - mean[j]!;
      x[i * d + j] = v;
      total += (v * v) / (n - 1);
    }
  const rng = createRng(seed);
  const components: Float64Array[] = [];
  const variances: number[] = [];
  const xv = new Float64Array(n);
  for (let c = 0; c < kk; c++) {
    let v = new Float64Array(d);
    for (let j = 0; j < d; j++) v[j] = rng.normal();
    let lambda = 0;
    for (let it = 0; it < 200; it++) {
      for (const u of components) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += u[j]! * v[j]!;
        for (let j = 0; j < d; j++) v[j]! -= dot * u[j]!;
      }
      for (let i = 0; i < n; i++) {
        let s = 0;
        const off = i * d;
        for (let j = 0; j < d; j++) s += x[off + j]! * v[j]!;
        xv[i] = s;
      }
      const w = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        const s = xv[i]!;
        if (s === 0) continue;
        const off = i * d;
        for (let j = 0; j < d; j++) w[j]! += x[off + j]! * s;
      }
      for (const u of components) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += u[j]! * w[j]!;
        for (let j = 0; j < d; j++) w[j]! -= dot * u[j]!;
      }
      let norm = 0;
      for (let j = 0; j < d; j++) norm += w[j]! * w[j]!;
      norm = Math.sqrt(norm);
      if (norm === 0) break;
      let moved = 0;
      for (let j = 0; j < d; j++) {
        const nv = w[j]! / norm;
        moved += (nv - v[j]!) ** 2;
        w[j] = nv;
      }
      lambda = norm / (n - 1);
      v = w;
      if (moved < 1e-20) break;
    }
    components.push(v);
    variances.push(lambda);
  }
  return { mean, components, variances, totalVariance: total };
}

/** Rows projected on the components: n x k, row-major. */
export function project(p: Pca, m: Matrix): Float64Array {
  const k = p.components.length;
  const d = m.cols;
  const out = new Float64Array(m.rows * k);
  for (let i = 0; i < m.rows; i++) {
    for (let c = 0; c < k; c++) {
      const comp = p.components[c]!;
      let s = 0;
      for (let j = 0; j < d; j++) s += (m.data[i * d + j]! - p.mean[j]!) * comp[j]!;
      out[i * k + c] = s;
    }
  }
  return out;
}

/** UMAP to 2-D on the top (up to 50) principal components, seeded. */
export function umap2d(m: Matrix, seed = 0): Float64Array {
  const p = pca(m, 50, seed);
  const k = p.components.length;
  const proj = project(p, m);
  const rowsArr: number[][] = [];
  for (let i = 0; i < m.rows; i++) rowsArr.push(Array.from(proj.subarray(i * k, (i + 1) * k)));
  const rng = createRng(seed + 1);
  const u = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(15, m.rows - 1),
    nEpochs: 200,
    random: () => rng.next(),
  });
  const emb = u.fit(rowsArr);
  const out = new Float64Array(m.rows * 2);
  emb.forEach((r, i) => {
    out[i * 2] = r[0]!;
    out[i * 2 + 1] = r[1]!;
  });
  return out;
}
