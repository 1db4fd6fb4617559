/**
 * Benchmark of the domain-shift metrics at audit scale: n = m = 2000 rows, d = 1280 (MobileNetV2
 * penultimate features), B = 1000 MMD permutations, on seeded random data.
 *
 *   npx tsx scripts/bench/metrics-shift.ts [n] [d] [permutations]
 *
 * Prints wall time and this process's CPU time (user + system) per stage: on a shared machine the
 * CPU time is the steadier figure. The target is a shifted Gaussian with a non-identity covariance
 * so that every metric has something to measure.
 */
import { matrix } from "@/lib/metrics/matrix";
import { bbsd } from "@/lib/metrics/shift/bbsd";
import { coralDistance } from "@/lib/metrics/shift/coral";
import { frechetDistance } from "@/lib/metrics/shift/frechet";
import { ksPca } from "@/lib/metrics/shift/ks-pca";
import { mmdTest } from "@/lib/metrics/shift/mmd";
import { meanAndCovariance } from "@/lib/metrics/stats/linalg";
import { createRng } from "@/lib/metrics/stats/rng";
import { getTf, tfBackendName } from "@/lib/metrics/tf";

const n = Number(process.argv[2] ?? 2000);
const d = Number(process.argv[3] ?? 1280);
const B = Number(process.argv[4] ?? 1000);

function features(rows: number, seed: number, shift: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(rows * d);
  // A decaying spectrum like real embeddings: column j has sd 1 / sqrt(1 + j / 16).
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < d; j++) out[i * d + j] = rng.normal() / Math.sqrt(1 + j / 16) + shift;
  return out;
}

async function stage<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(cpu);
  console.log(
    `${name.padEnd(34)} wall ${((performance.now() - wall) / 1000).toFixed(2).padStart(7)} s   cpu ${((used.user + used.system) / 1e6).toFixed(2).padStart(7)} s`,
  );
  return result;
}

await getTf();
console.log(
  `n = m = ${n}, d = ${d}, B = ${B}, TF.js backend ${tfBackendName()}, ${new Date().toISOString()}`,
);
const source = matrix(n, d, features(n, 1, 0));
const target = matrix(n, d, features(n, 2, 0.05));
const fits = await stage("covariances (2 x float64)", () => ({
  source: meanAndCovariance(source.data, n, d),
  target: meanAndCovariance(target.data, n, d),
}));
const frechet = await stage("Fréchet (given covariances)", () => frechetDistance(source, target, fits));
const coral = await stage("CORAL (given covariances)", () => coralDistance(source, target, fits));
const ks = await stage("KS on 32 PCs (given covariance)", () =>
  ksPca(source, target, { sourceFit: fits.source }),
);
const mmd = await stage(`MMD² + ${B} permutations`, () =>
  mmdTest(source, target, { permutations: B, seed: 1 }),
);
const probs = (seed: number) => {
  const rng = createRng(seed);
  const p = new Float64Array(n * 10);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < 10; j++) s += p[i * 10 + j] = Math.exp(rng.normal());
    for (let j = 0; j < 10; j++) p[i * 10 + j]! /= s;
  }
  return matrix(n, 10, p);
};
const bb = await stage("BBSD (10 classes)", () => bbsd(probs(3), probs(4)));
console.log(
  JSON.stringify(
    {
      frechet: { distance: frechet.distance, route: frechet.route },
      coral: coral.distance,
      ksPca: { k: ks.k, minPValue: ks.minPValue, method: ks.tests[0]?.method },
      mmd: {
        mmd2: mmd.mmd2,
        pValue: mmd.pValue,
        bandwidth: mmd.bandwidth,
        nullQuantile95: mmd.nullQuantile95,
      },
      bbsd: { minPValue: bb.minPValue },
    },
    null,
    1,
  ),
);
