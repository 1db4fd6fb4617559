import { describe, expect, it } from "vitest";
import { fromRows } from "@/lib/metrics/matrix";
import { createRng } from "@/lib/metrics/stats/rng";
import { knnCrossValAccuracy, knnPredict } from "./knn";

describe("knnPredict", () => {
  const train = fromRows([[0], [1], [2], [10], [11], [12]]);
  const labels = Int32Array.of(0, 0, 0, 1, 1, 1);

  it("hand-worked 1-D votes (euclidean, k = 3)", () => {
    // 3 -> neighbours 2, 1, 0 -> class 0. 9 -> 10, 11, 12 -> class 1.
    // 6 -> distances 4 (rows 2 and 10), then 5 (rows 1 and 11): equal distances go to the earlier
    // row, so the 3 neighbours are rows 2, 3 (x = 10), 1 -> votes 0, 1, 0 -> class 0.
    const pred = knnPredict(train, labels, fromRows([[3], [9], [6]]), { k: 3, metric: "euclidean" });
    expect(Array.from(pred)).toEqual([0, 1, 0]);
  });

  it("a tied vote goes to the class of the nearest neighbour", () => {
    // 6.5 with k = 2: x = 10 at distance 3.5 (class 1), x = 2 at 4.5 (class 0): one vote each,
    // and the nearest of the two is class 1.
    const pred = knnPredict(train, labels, fromRows([[6.5]]), { k: 2, metric: "euclidean" });
    expect(Array.from(pred)).toEqual([1]);
  });

  it("cosine and euclidean can disagree", () => {
    // Test (0.5, 2): cosine to (1, 0) is 0.5 / 2.06 = 0.24, to (0, 10) is 2 / 2.06 = 0.97 -> class 1;
    // euclidean distances are 2.06 and 8.02 -> class 0.
    const tr = fromRows([
      [1, 0],
      [0, 10],
    ]);
    const l = Int32Array.of(0, 1);
    const te = fromRows([[0.5, 2]]);
    expect(knnPredict(tr, l, te, { k: 1, metric: "cosine" })[0]).toBe(1);
    expect(knnPredict(tr, l, te, { k: 1, metric: "euclidean" })[0]).toBe(0);
  });

  it("rejects bad input", () => {
    expect(() => knnPredict(train, labels, fromRows([[1]]), { k: 7 })).toThrow(/exceeds the 6 training rows/);
    expect(() => knnPredict(train, labels, fromRows([[1, 2]]))).toThrow(/columns/);
    expect(() => knnPredict(train, labels, fromRows([[1]]), { metric: "manhattan" as "cosine" })).toThrow(
      /manhattan/,
    );
  });
});

describe("knnCrossValAccuracy", () => {
  it("well-separated clusters are classified perfectly; random labels near chance", () => {
    const rng = createRng(8);
    const rows: number[][] = [];
    const y = new Int32Array(120);
    const yr = new Int32Array(120);
    for (let i = 0; i < 120; i++) {
      const c = i % 3;
      y[i] = c;
      yr[i] = rng.int(3);
      // Clusters around 20 e_c + noise: far apart in angle and distance.
      rows.push([0, 1, 2].map((j) => (j === c ? 20 : 0) + rng.normal()));
    }
    const X = fromRows(rows);
    const r = knnCrossValAccuracy(X, y, { seed: 1 });
    expect(r.accuracy).toBe(1);
    expect(r.k).toBe(5);
    expect(r.metric).toBe("cosine");
    // Chance 1/3, sd sqrt(2/9 / 120) = 0.043: allow ~4 sd.
    const rr = knnCrossValAccuracy(X, yr, { seed: 1, metric: "euclidean" });
    expect(rr.accuracy).toBeGreaterThan(0.15);
    expect(rr.accuracy).toBeLessThan(0.52);
  });
});
