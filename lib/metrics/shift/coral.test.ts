import { describe, expect, it } from "vitest";
import { fromRows, takeRows } from "@/lib/metrics/matrix";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { coralDistance } from "./coral";

describe("coralDistance", () => {
  // Source (0,0),(2,0),(0,2),(2,2): C_s = diag(4/3, 4/3). Target (0,0),(1,1),(2,2): C_t = [[1,1],[1,1]].
  // C_s - C_t = [[1/3, -1], [-1, 1/3]], ||·||²_F = 1/9 + 1 + 1 + 1/9 = 20/9; / (4 d²) = 20/144 = 5/36.
  const source = fromRows([
    [0, 0],
    [2, 0],
    [0, 2],
    [2, 2],
  ]);
  const target = fromRows([
    [0, 0],
    [1, 1],
    [2, 2],
  ]);

  it("matches the 2-D example worked by hand", () => {
    expect(coralDistance(source, target)).toEqual({ distance: expect.closeTo(5 / 36, 14), d: 2 });
  });

  it("matches a 1-D example: (var_s - var_t)² / 4", () => {
    // {0, 2}: variance 2; {0, 4}: variance 8. (2 - 8)² / (4 · 1²) = 9.
    expect(coralDistance(fromRows([[0], [2]]), fromRows([[0], [4]])).distance).toBeCloseTo(9, 14);
  });

  it("ignores means, is symmetric and unchanged by row order", () => {
    const moved = fromRows([
      [5, 5],
      [6, 6],
      [7, 7],
    ]);
    expect(coralDistance(source, moved).distance).toBeCloseTo(5 / 36, 14);
    expect(coralDistance(target, source).distance).toBeCloseTo(5 / 36, 14);
    const shuffled = takeRows(source, permutation(4, createRng(2)));
    expect(coralDistance(shuffled, target).distance).toBeCloseTo(5 / 36, 14);
  });

  it("validates input", () => {
    expect(() => coralDistance(source, fromRows([[1], [2]]))).toThrow(
      /source has 2 columns but target has 1/,
    );
    expect(() => coralDistance(source, fromRows([[1, 1]]))).toThrow(/target needs at least 2 rows/);
  });
});
