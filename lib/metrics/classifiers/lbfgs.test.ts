import { describe, expect, it } from "vitest";
import { minimizeLbfgs } from "./lbfgs";

describe("minimizeLbfgs", () => {
  it("finds the minimiser of a convex quadratic", () => {
    // f(x) = 1/2 x'Ax - b'x with A = [[3, 1], [1, 2]], b = (1, 1): minimiser A^{-1} b.
    // By hand: det A = 5, A^{-1} = [[2, -1], [-1, 3]] / 5, so x* = (1/5, 2/5).
    const res = minimizeLbfgs(
      (x, g) => {
        const a = x[0]!;
        const b = x[1]!;
        g[0] = 3 * a + b - 1;
        g[1] = a + 2 * b - 1;
        return 0.5 * (3 * a * a + 2 * a * b + 2 * b * b) - a - b;
      },
      new Float64Array(2),
      { gradTol: 1e-12, ftol: 0 },
    );
    // Objective comparisons resolve x only to about sqrt(machine epsilon), hence 7 digits.
    expect(res.x[0]).toBeCloseTo(0.2, 7);
    expect(res.x[1]).toBeCloseTo(0.4, 7);
  });

  it("reaches the Rosenbrock minimum at (1, 1)", () => {
    // Rosenbrock (1960): f = (1 - a)^2 + 100 (b - a^2)^2, unique minimum f(1, 1) = 0.
    const res = minimizeLbfgs(
      (x, g) => {
        const a = x[0]!;
        const b = x[1]!;
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.of(-1.2, 1),
      { gradTol: 1e-10, ftol: 0, maxIter: 1000 },
    );
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
  });

  it("rejects a non-finite starting objective", () => {
    expect(() => minimizeLbfgs(() => Number.NaN, new Float64Array(1))).toThrow(/not finite/);
  });
});
