import { describe, expect, it } from "vitest";
import { fromRows } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { pca, project, umap2d } from "./projection";

describe("pca", () => {
  it("finds the axis of a line in 3-D and its variance (closed form)", () => {
    // Points t·(1,2,2)/3 for t = -2..2: one direction, unit vector (1,2,2)/3; variance of t with
    // n-1 = 4 in the denominator is (4+1+0+1+4)/4 = 2.5.
    const rows = [-2, -1, 0, 1, 2].map((t) => [t / 3, (2 * t) / 3, (2 * t) / 3]);
    const p = pca(fromRows(rows), 1);
    const c = p.components[0]!;
    const sign = Math.sign(c[0]!);
    expect(Array.from(c).map((v) => v * sign)).toEqual(
      [1 / 3, 2 / 3, 2 / 3].map((v) => expect.closeTo(v, 9)),
    );
    expect(p.variances[0]).toBeCloseTo(2.5, 9);
    expect(p.totalVariance).toBeCloseTo(2.5, 9);
    const proj = project(p, fromRows(rows));
    expect(Array.from(proj).map((v) => v * sign)).toEqual([-2, -1, 0, 1, 2].map((t) => expect.closeTo(t, 9)));
  });

  it("orders components by variance on an axis-aligned Gaussian (variances 9, 4, 1)", () => {
    const rng = createRng(3);
    const rows = Array.from({ length: 4000 }, () => [3 * rng.normal(), 2 * rng.normal(), rng.normal()]);
    const p = pca(fromRows(rows), 3);
    // Sample variances of N(0, σ²) with n = 4000 are within a few percent of σ².
    expect(p.variances[0]).toBeGreaterThan(8.3);
    expect(p.variances[0]).toBeLessThan(9.7);
    expect(p.variances[2]).toBeGreaterThan(0.9);
    expect(p.variances[2]).toBeLessThan(1.1);
    expect(Math.abs(p.components[0]![0]!)).toBeGreaterThan(0.99);
  });
});

describe("umap2d", () => {
  it("keeps two well-separated clusters apart and is reproducible with a seed", () => {
    const rng = createRng(5);
    const rows = Array.from({ length: 80 }, (_, i) =>
      Array.from({ length: 10 }, () => rng.normal() + (i < 40 ? 0 : 20)),
    );
    const a = umap2d(fromRows(rows), 7);
    const b = umap2d(fromRows(rows), 7);
    expect(Array.from(a)).toEqual(Array.from(b));
    const centroid = (from: number) => {
      let x = 0;
      let y = 0;
      for (let i = from; i < from + 40; i++) {
        x += a[i * 2]! / 40;
        y += a[i * 2 + 1]! / 40;
      }
      return [x, y] as const;
    };
    const [c1, c2] = [centroid(0), centroid(40)];
    const between = Math.hypot(c1[0] - c2[0], c1[1] - c2[1]);
    let within = 0;
    for (let i = 0; i < 40; i++) within += Math.hypot(a[i * 2]! - c1[0], a[i * 2 + 1]! - c1[1]) / 40;
    expect(between).toBeGreaterThan(2 * within);
  });
});
