import { Matrix as MlMatrix, solve } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { fromRows, type Matrix } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { argmaxRows, fitLogistic, predictProba } from "./logistic";

/** The test's own standardisation (population standard deviation, as documented). */
function standardise(rows: number[][]): number[][] {
  const n = rows.length;
  const d = rows[0]!.length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / n);
  const sd = Array.from({ length: d }, (_, j) =>
    Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / n),
  );
  return rows.map((r) => r.map((v, j) => (v - mean[j]!) / sd[j]!));
}

function blobs(
  n: number,
  d: number,
  C: number,
  spread: number,
  seed: number,
): { X: Matrix; y: Int32Array; rows: number[][] } {
  const rng = createRng(seed);
  const centres = Array.from({ length: C }, () => Array.from({ length: d }, () => rng.normal() * spread));
  const rows: number[][] = [];
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % C;
    y[i] = c;
    rows.push(centres[c]!.map((m) => m + rng.normal()));
  }
  return { X: fromRows(rows), y, rows };
}

describe("fitLogistic", () => {
  it("two classes: matches an independent Newton (IRLS) solve", () => {
    const { rows, y } = blobs(14, 2, 2, 0.8, 7); // overlapping: a finite optimum even at small l2
    const l2 = 0.1;
    // The softmax objective with w0, w1 and penalty l2/2 (|w0|^2 + |w1|^2) is minimised at
    // w0 = -w1 (only the difference v = w1 - w0 enters the loss), where the penalty is l2/4 |v|^2.
    // So solve J(v, c) = mean[softplus(v.x + c) - y (v.x + c)] + l2/4 |v|^2 by Newton's method.
    const Z = standardise(rows);
    const n = Z.length;
    let theta = [0, 0, 0]; // v1, v2, c
    for (let it = 0; it < 50; it++) {
      const g = [0, 0, 0];
      const H = [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ];
      for (let i = 0; i < n; i++) {
        const x = [Z[i]![0]!, Z[i]![1]!, 1];
        const z = x[0]! * theta[0]! + x[1]! * theta[1]! + theta[2]!;
        const p = 1 / (1 + Math.exp(-z));
        for (let a = 0; a < 3; a++) {
          g[a]! += ((p - y[i]!) * x[a]!) / n;
          for (let b = 0; b < 3; b++) H[a]![b]! += (p * (1 - p) * x[a]! * x[b]!) / n;
        }
      }
      for (let a = 0; a < 2; a++) {
        g[a]! += (l2 / 2) * theta[a]!;
        H[a]![a]! += l2 / 2;
      }
      const step = solve(new MlMatrix(H), MlMatrix.columnVector(g)).to1DArray();
      theta = theta.map((t, a) => t - step[a]!);
    }
    const model = fitLogistic(fromRows(rows), y, { l2, tol: 1e-10, maxIter: 2000 });
    const w = model.weights;
    expect(w[2]! - w[0]!).toBeCloseTo(theta[0]!, 6);
    expect(w[3]! - w[1]!).toBeCloseTo(theta[1]!, 6);
    expect(model.bias[1]! - model.bias[0]!).toBeCloseTo(theta[2]!, 6);
    expect(w[0]).toBeCloseTo(-w[2]!, 12);
    // Probabilities on the raw rows equal the Newton solution's sigmoid on standardised rows.
    const P = predictProba(model, fromRows(rows));
    for (let i = 0; i < n; i++) {
      const z = Z[i]![0]! * theta[0]! + Z[i]![1]! * theta[1]! + theta[2]!;
      expect(P[i * 2 + 1]).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
    }
  });

  it("multinomial: the gradient of an independently written objective vanishes at the fit", () => {
    const { rows, y } = blobs(30, 3, 3, 1, 11);
    const l2 = 0.05;
    const model = fitLogistic(fromRows(rows), y, { l2, tol: 1e-10, maxIter: 2000 });
    const Z = standardise(rows);
    const C = 3;
    const d = 3;
    // J(W, b) = -(1/n) sum log softmax(W x + b)_y + l2/2 |W|^2, parameters [W (C x d), b (C)].
    const objective = (t: number[]) => {
      let loss = 0;
      for (let i = 0; i < Z.length; i++) {
        const z = Array.from(
          { length: C },
          (_, c) => t[C * d + c]! + Z[i]!.reduce((s, v, j) => s + v * t[c * d + j]!, 0),
        );
        const m = Math.max(...z);
        const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
        loss += lse - z[y[i]!]!;
      }
      let pen = 0;
      for (let k = 0; k < C * d; k++) pen += t[k]! ** 2;
      return loss / Z.length + (l2 / 2) * pen;
    };
    const t0 = [...model.weights, ...model.bias];
    const h = 1e-5;
    for (let k = 0; k < t0.length; k++) {
      const up = [...t0];
      const dn = [...t0];
      up[k]! += h;
      dn[k]! -= h;
      expect(Math.abs((objective(up) - objective(dn)) / (2 * h))).toBeLessThan(1e-6);
    }
  });

  it("standardises with the training rows only", () => {
    const X = fromRows([
      [1, 10],
      [3, 10],
      [5, 12],
      [7, 12],
    ]);
    const model = fitLogistic(X, Int32Array.of(0, 0, 1, 1));
    // Means (4, 11); population sd sqrt(5) and 1.
    expect(Array.from(model.mean)).toEqual([4, 11]);
    expect(model.scale[0]).toBeCloseTo(Math.sqrt(5), 12);
    expect(model.scale[1]).toBeCloseTo(1, 12);
  });

  it("rejects degenerate input", () => {
    const X = fromRows([
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(() => fitLogistic(X, Int32Array.of(0, 1))).toThrow(/length 2 does not match 3/);
    expect(() => fitLogistic(X, Int32Array.of(1, 1, 1))).toThrow(/single class/);
    expect(() => fitLogistic(fromRows([[0], [Number.NaN]]), Int32Array.of(0, 1))).toThrow(/non-finite/);
    expect(() => fitLogistic(X, Int32Array.of(0, 1, 0), { l2: 0 })).toThrow(/l2/);
    const m = fitLogistic(X, Int32Array.of(0, 1, 0));
    expect(() => predictProba(m, fromRows([[1, 2, 3]]))).toThrow(/3 columns/);
  });

  it("argmaxRows picks the first maximum", () => {
    expect(Array.from(argmaxRows(Float64Array.of(0.2, 0.5, 0.3, 0.4, 0.4, 0.2), 2, 3))).toEqual([1, 0]);
  });
});
