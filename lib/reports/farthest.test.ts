import { describe, expect, it } from "vitest";
import { fromRows } from "@/lib/metrics/matrix";
import { farthestTargets } from "./farthest";

describe("farthestTargets", () => {
  it("ranks target points by their distance to the nearest source point (worked by hand)", async () => {
    // Source on the x-axis at 0, 1, 2. Target at (0,1): nearest (0,0), distance 1;
    // (5,0): nearest (2,0), distance 3; (1,0.5): nearest (1,0), distance 0.5.
    const source = fromRows([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
    const target = fromRows([
      [0, 1],
      [5, 0],
      [1, 0.5],
    ]);
    const r = await farthestTargets(source, target, 2, 2);
    expect(r.samples.map((s) => s.target)).toEqual([1, 0]);
    expect(r.samples[0]!.distance).toBeCloseTo(3, 5);
    expect(r.samples[0]!.neighbours.map((n) => n.source)).toEqual([2, 1]);
    expect(r.samples[0]!.neighbours[1]!.distance).toBeCloseTo(4, 5);
    expect(r.samples[1]!.distance).toBeCloseTo(1, 5);
    // Nearest distances 1, 3, 0.5: median 1.
    expect(r.medianDistance).toBeCloseTo(1, 5);
  });
});
