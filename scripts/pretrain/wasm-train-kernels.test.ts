/**
 * The wasm training kernels against the cpu backend's implementations (an independent reference:
 * TF.js' own JS kernels), on small random shapes covering 'same'/'valid' padding and stride 2.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createRng } from "@/lib/metrics/stats/rng";
import { initWasm, tf } from "./tf-setup";
import { conv2dFilterGrad } from "./wasm-train-kernels";

function randoms(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** Runs f on the given backend and returns its output values. */
async function on(backend: "cpu" | "wasm", f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => f().dataSync() as Float32Array);
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let scale = 0;
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
  }
  return d / scale;
}

const cases = [
  { name: "3x3 same stride 1", x: [2, 7, 7, 3], f: [3, 3, 3, 4], stride: 1, pad: "same" as const },
  { name: "3x3 valid stride 2", x: [2, 9, 8, 2], f: [3, 3, 2, 5], stride: 2, pad: "valid" as const },
  { name: "2x4 same stride 2", x: [1, 6, 7, 3], f: [2, 4, 3, 2], stride: 2, pad: "same" as const },
];

describe("wasm training kernels match the cpu backend", () => {
  beforeAll(initWasm);

  for (const c of cases) {
    it(`conv2d gradients, ${c.name}`, async () => {
      const xv = randoms(
        c.x.reduce((a, b) => a * b),
        1,
      );
      const wv = randoms(
        c.f.reduce((a, b) => a * b),
        2,
      );
      const loss = (x: tf.Tensor4D, w: tf.Tensor4D) => {
        const y = tf.conv2d(x, w, c.stride, c.pad);
        // A fixed non-uniform upstream gradient: weights 1, 2, 3, ... over the output.
        return y.mul(tf.range(1, y.size + 1).reshape(y.shape)).sum();
      };
      const grads = () => {
        const x = tf.tensor4d(xv, c.x as [number, number, number, number]);
        const w = tf.tensor4d(wv, c.f as [number, number, number, number]);
        const [gx, gw] = tf.grads((a, b) => loss(a as tf.Tensor4D, b as tf.Tensor4D))([x, w]);
        return tf.concat([gx!.flatten(), gw!.flatten()]);
      };
      const ref = await on("cpu", grads);
      const got = await on("wasm", grads);
      expect(maxRelDiff(got, ref)).toBeLessThan(1e-5);
    });
  }

  it("max-pool gradient goes to each window's maximum (random values: no ties)", async () => {
    const xv = randoms(2 * 6 * 6 * 3, 3);
    const g = () =>
      tf.grad((x: tf.Tensor) => {
        const y = tf.maxPool(x as tf.Tensor4D, 2, 2, "valid");
        return y.mul(tf.range(1, y.size + 1).reshape(y.shape)).sum();
      })(tf.tensor4d(xv, [2, 6, 6, 3]));
    expect(maxRelDiff(await on("wasm", g), await on("cpu", g))).toBe(0);
  });

  it("matMul with transposed operands", async () => {
    const av = randoms(3 * 5 * 4, 4);
    const bv = randoms(3 * 4 * 6, 5);
    const all = () => {
      const a = tf.tensor3d(av, [3, 5, 4]);
      const b = tf.tensor3d(bv, [3, 4, 6]);
      const aT = tf.tensor3d(tf.transpose(a, [0, 2, 1]).dataSync(), [3, 4, 5]);
      const bT = tf.tensor3d(tf.transpose(b, [0, 2, 1]).dataSync(), [3, 6, 4]);
      return tf.concat([
        tf.matMul(a, b).flatten(),
        tf.matMul(aT, b, true, false).flatten(),
        tf.matMul(a, bT, false, true).flatten(),
        tf.matMul(aT, bT, true, true).flatten(),
      ]);
    };
    const got = await on("wasm", all);
    expect(maxRelDiff(got, await on("cpu", all))).toBeLessThan(1e-6);
    // All four products are the same matrix.
    const n = 3 * 5 * 6;
    for (let k = 1; k < 4; k++)
      expect(maxRelDiff(got.subarray(k * n, (k + 1) * n), got.subarray(0, n))).toBe(0);
  });

  it("conv2dFilterGrad (plain loops) agrees with the registered wasm kernel", async () => {
    const xv = randoms(2 * 5 * 5 * 2, 6);
    const dyv = randoms(2 * 5 * 5 * 3, 7);
    const viaKernel = await on("wasm", () =>
      tf.grad((w: tf.Tensor) =>
        tf
          .conv2d(tf.tensor4d(xv, [2, 5, 5, 2]), w as tf.Tensor4D, 1, "same")
          .mul(tf.tensor4d(dyv, [2, 5, 5, 3]))
          .sum(),
      )(tf.zeros([3, 3, 2, 3])),
    );
    const direct = conv2dFilterGrad(xv, [2, 5, 5, 2], dyv, [2, 5, 5, 3], [3, 3, 2, 3], [1, 1], 1, 1);
    expect(maxRelDiff(viaKernel, direct)).toBeLessThan(1e-5);
  });

  it("leaves no tensor and no backend buffer behind (intermediates are freed)", async () => {
    await tf.setBackend("wasm");
    const before = { tensors: tf.memory().numTensors, buffers: tf.backend().numDataIds() };
    tf.tidy(() => {
      const x = tf.randomUniform([2, 6, 6, 2], 0, 1, "float32", 1) as tf.Tensor4D;
      const w = tf.randomUniform([3, 3, 2, 3], 0, 1, "float32", 2) as tf.Tensor4D;
      const d = tf.randomUniform([18, 4], 0, 1, "float32", 3) as tf.Tensor2D;
      // conv filter + input gradients, max-pool gradient, and dense gradients (transposed matMuls).
      tf.grads((a, b, c) => {
        const y = tf.maxPool(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same"), 2, 2, "valid");
        return tf.matMul(y.reshape([2, 27]).reshape([6, 9]).reshape([3, 18]), c as tf.Tensor2D).sum();
      })([x, w, d]);
    });
    // numDataIds counts the wasm backend's own buffers, which the kernels allocate directly.
    expect({ tensors: tf.memory().numTensors, buffers: tf.backend().numDataIds() }).toEqual(before);
  });
});
