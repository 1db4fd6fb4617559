import { describe, expect, it } from "vitest";
import { matmul, matmulBackend, transposed } from "./gemm";
import { createRng } from "./stats/rng";

describe("matmul", () => {
  it("multiplies a 2 x 3 by a 3 x 2 matrix (worked by hand)", async () => {
    // [1 2 3; 4 5 6] x [7 8; 9 10; 11 12] = [58 64; 139 154]
    const c = await matmul(Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(7, 8, 9, 10, 11, 12), 2, 3, 2);
    expect(Array.from(c)).toEqual([58, 64, 139, 154]);
  });

  it("agrees with a float64 triple loop on random 300 x 200 x 150 inputs to float32 rounding", async () => {
    const rng = createRng(3);
    const [r, k, c] = [300, 200, 150];
    const a = Float32Array.from({ length: r * k }, () => rng.normal());
    const b = Float32Array.from({ length: k * c }, () => rng.normal());
    const got = await matmul(a, b, r, k, c);
    let worst = 0;
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) {
        let s = 0;
        for (let t = 0; t < k; t++) s += a[i * k + t]! * b[t * c + j]!;
        worst = Math.max(worst, Math.abs(got[i * c + j]! - s));
      }
    }
    // Entries are sums of 200 products of N(0,1) values (sd ≈ 14); float32 summation error is of order
    // sqrt(200) x 2^-24 x 14 ≈ 1e-5, so 1e-3 leaves wide room and still catches any wrong index.
    expect(worst).toBeLessThan(1e-3);
    // onnxruntime-node is a dependency and loads on this machine's CI; the TF.js path is the fallback.
    expect(matmulBackend()).toBe("onnxruntime");
  });

  it("refuses operands whose sizes do not match the shape", async () => {
    await expect(matmul(new Float32Array(5), new Float32Array(6), 2, 3, 2)).rejects.toThrow(
      "matmul: A has 5 values, expected 2 x 3",
    );
  });

  it("transposes row-major matrices", () => {
    expect(Array.from(transposed(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
