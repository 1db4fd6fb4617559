/**
 * Benchmark of the transferability metrics and the proxy A-distance at product sizes:
 *   computeTransferability on N = 2000 target rows, d = 1280, C = 5 (with a 1000-class source head),
 *   proxyADistance on n = m = 2000 source / target rows, d = 1280.
 * Data are synthetic embedding-like features: 32 latent factors (class-dependent means) mixed
 * into d dimensions, plus noise, through a ReLU, like pooled CNN features.
 *
 * Run: npx tsx scripts/bench/metrics-transfer.ts [N] [d]
 */
import { type Matrix, matrix } from "@/lib/metrics/matrix";
import { proxyADistance } from "@/lib/metrics/shift/pad";
import { createRng } from "@/lib/metrics/stats/rng";
import { computeTransferability } from "@/lib/metrics/transferability";

/** Mixing matrix and class means come from a fixed structure seed; `seed` draws the samples. */
function embeddings(
  n: number,
  d: number,
  C: number,
  shift: number,
  seed: number,
): { X: Matrix; y: Int32Array } {
  const structure = createRng(12345);
  const L = 32;
  const mix = Float64Array.from({ length: L * d }, () => structure.normal() / Math.sqrt(L));
  const means = Float64Array.from({ length: C * L }, () => 0.5 * structure.normal());
  const rng = createRng(seed);
  const X = new Float32Array(n * d);
  const y = new Int32Array(n);
  const z = new Float64Array(L);
  for (let i = 0; i < n; i++) {
    const c = i % C;
    y[i] = c;
    for (let l = 0; l < L; l++) z[l] = means[c * L + l]! + shift + rng.normal();
    for (let j = 0; j < d; j++) {
      let s = 0.3 * rng.normal();
      for (let l = 0; l < L; l++) s += z[l]! * mix[l * d + j]!;
      X[i * d + j] = Math.max(0, s);
    }
  }
  return { X: matrix(n, d, X), y };
}

function sourceHead(n: number, Z: number, seed: number): Matrix {
  const rng = createRng(seed);
  const P = new Float64Array(n * Z);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let z = 0; z < Z; z++) {
      const e = Math.exp(2 * rng.normal());
      P[i * Z + z] = e;
      s += e;
    }
    for (let z = 0; z < Z; z++) P[i * Z + z]! /= s;
  }
  return matrix(n, Z, P);
}

const N = Number(process.argv[2] ?? 2000);
const d = Number(process.argv[3] ?? 1280);
const C = 5;

const { X, y } = embeddings(N, d, C, 0, 1);
const theta = sourceHead(N, 1000, 2);
/** Wall and CPU seconds of a call (CPU time is the fairer figure on a shared machine). */
async function clock<T>(f: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const run = await clock(() => computeTransferability(X, y, { seed: 0, sourceProbs: theta }));
const tr = run.value;
console.log(
  `computeTransferability N=${N} d=${d} C=${C} (B=200): ${run.wall.toFixed(1)} s wall, ${run.cpu.toFixed(1)} s CPU`,
);
console.log("  parts (wall ms):", JSON.stringify(tr.timingsMs));
for (const k of [
  "logme",
  "hScore",
  "transRate",
  "gbc",
  "knnAccuracy",
  "linearProbeAccuracy",
  "leep",
  "nce",
] as const) {
  const m = tr[k]!;
  const ci =
    m.low !== undefined ? ` [${m.low.toFixed(4)}, ${m.high!.toFixed(4)}] (${m.interval})` : " (no interval)";
  console.log(`  ${k.padEnd(20)} ${m.value.toFixed(4)}${ci}${m.note ? ` note: ${m.note}` : ""}`);
}

const src = embeddings(N, d, C, 0, 3).X;
const tgt = embeddings(N, d, C, 0.15, 4).X; // the latent factors shifted by 0.15 sd
const padRun = await clock(async () => proxyADistance(src, tgt, { seed: 0 }));
const pad = padRun.value;
console.log(
  `proxyADistance n=m=${pad.n} d=${d}: ${padRun.wall.toFixed(1)} s wall, ${padRun.cpu.toFixed(1)} s CPU`,
);
console.log(
  `  PAD ${pad.pad.toFixed(3)} [${pad.low.toFixed(3)}, ${pad.high.toFixed(3)}], error ${pad.error.toFixed(4)}, AUC ${pad.auc.toFixed(4)}`,
);
