/**
 * `npm run bench:metrics`: the full metric set of one layer as an audit computes it — shift (MMD²
 * with 1000 permutations, Fréchet, CORAL, KS on 32 PCs), proxy A-distance, and transferability
 * (LogME, H-score, TransRate, GBC, kNN, linear probe) — at n = m = 2000, d = 1280, C = 5.
 * Prints wall and CPU seconds per part. Data: seeded Gaussians with a mean shift and class means.
 */
import { computeShift } from "@/lib/metrics/shift";
import { proxyADistance } from "@/lib/metrics/shift/pad";
import { createRng } from "@/lib/metrics/stats/rng";
import { tfBackendName } from "@/lib/metrics/tf";
import { computeTransferability } from "@/lib/metrics/transferability";

const n = Number(process.env.N ?? 2000);
const d = Number(process.env.D ?? 1280);
const C = 5;
const rng = createRng(1);
function sample(rows: number, shift: number, labels?: Int32Array) {
  const data = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++)
      data[i * d + j] =
        rng.normal() + shift + (labels && j < 16 ? labels[i]! * (j % C === labels[i] ? 1 : 0) : 0);
  }
  return { rows, cols: d, data };
}
const y = Int32Array.from({ length: n }, (_, i) => i % C);
const S = sample(n, 0);
const T = sample(n, 0.05, y);

async function timed<T>(name: string, f: () => Promise<T> | T): Promise<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await f();
  const cpu = process.cpuUsage(c0);
  console.log(
    `${name.padEnd(34)} wall ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s   cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1).padStart(6)} s`,
  );
  return r;
}

console.log(`full metric set, n = m = ${n}, d = ${d}, C = ${C}, 1000 permutations (node ${process.version})`);
const t0 = performance.now();
const c0 = process.cpuUsage();
await timed("shift (MMD, Fréchet, CORAL, KS-PCA)", () => computeShift(S, T, { seed: 0, permutations: 1000 }));
console.log(`  TF.js backend: ${tfBackendName()}`);
await timed("proxy A-distance + domain AUC", () => proxyADistance(S, T, { seed: 0 }));
await timed("transferability (all, B=200)", () => computeTransferability(T, y, { seed: 0 }));
const cpu = process.cpuUsage(c0);
console.log(
  `${"total".padEnd(34)} wall ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s   cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1).padStart(6)} s`,
);
