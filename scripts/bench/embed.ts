/**
 * Embedding throughput: MobileNetV2 224x224 (bundled, nsfwjs 4.4.0) on each available TF.js backend,
 * in this thread and on the worker-thread pool.
 *
 *   npx tsx scripts/bench/embed.ts [--images 64] [--batch 32] [--threads 2] [--cpu-images 2] [--layer flatten_1]
 *
 * Prints images/s (wall clock), CPU seconds per image (user + system over all threads: less sensitive
 * to other processes on a shared machine than wall time), and the process's peak RSS so far
 * (`process.resourceUsage().maxRSS`, which includes worker threads). Each run starts with a small
 * warm-up batch that is not timed (XNNPACK set-up, sub-model construction).
 * Reference point: torchvision MobileNetV2 on Debian python3-torch 1.13, same machine class: ~31 img/s.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createEngine, type EngineSpec } from "@/lib/embeddings/engine/create";
import { createEnginePool } from "@/lib/embeddings/engine/pool";
import type { EmbeddingEngine } from "@/lib/embeddings/engine/types";
import { hasNodeBackend } from "@/lib/embeddings/tfjs/backend";
import { createRng } from "@/lib/metrics/stats/rng";

const PER_IMAGE = 224 * 224 * 3;

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

const { values } = parseArgs({
  options: {
    images: { type: "string", default: "64" },
    batch: { type: "string", default: "32" },
    threads: { type: "string", default: "2" },
    "cpu-images": { type: "string", default: "2" },
    layer: { type: "string", default: "flatten_1" },
  },
});
const images = positiveInt("images", values.images);
const batchSize = positiveInt("batch", values.batch);
const threads = positiveInt("threads", values.threads);
const cpuImages = positiveInt("cpu-images", values["cpu-images"]);
const layer = values.layer;

function randomImages(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * PER_IMAGE }, () => rng.next());
}

interface Row {
  backend: string;
  mode: string;
  images: number;
  openS: number;
  wallS: number;
  imgPerS: number;
  cpuSPerImg: number;
  peakRssMb: number;
}

async function measure(
  label: string,
  open: () => Promise<EmbeddingEngine>,
  total: number,
  batch: number,
): Promise<Row> {
  let t = performance.now();
  const engine = await open();
  const openS = (performance.now() - t) / 1000;
  try {
    await engine.extract(randomImages(2, 1), 2, [layer]); // warm-up, one image per worker
    const data = randomImages(Math.min(batch, total), 2);
    const cpu0 = process.cpuUsage();
    t = performance.now();
    for (let done = 0; done < total; ) {
      const n = Math.min(batch, total - done);
      const out = await engine.extract(data.subarray(0, n * PER_IMAGE), n, [layer]);
      if (out.get(layer)!.data.length === 0) throw new Error("empty output");
      done += n;
    }
    const wallS = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return {
      backend: engine.backend,
      mode: label,
      images: total,
      openS,
      wallS,
      imgPerS: total / wallS,
      cpuSPerImg: (cpu.user + cpu.system) / 1e6 / total,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await engine.dispose();
  }
}

const mobilenet = (backend: "node" | "wasm" | "cpu"): EngineSpec => ({
  engine: "tfjs",
  source: { kind: "mobilenet_v2" },
  backend,
});

const rows: Row[] = [];
const log = (r: Row) => {
  rows.push(r);
  console.log(
    `${r.backend.padEnd(10)} ${r.mode.padEnd(16)} ${String(r.images).padStart(4)} img  open ${r.openS.toFixed(1)} s  ` +
      `${r.imgPerS.toFixed(2)} img/s  ${r.cpuSPerImg.toFixed(3)} CPU-s/img  peak RSS ${r.peakRssMb.toFixed(0)} MB`,
  );
};

console.log(
  `MobileNetV2 224x224, layer ${layer}, batch ${batchSize}; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
if (hasNodeBackend()) {
  log(await measure("in-process", () => createEngine(mobilenet("node")), images, batchSize));
  log(
    await measure(
      `${threads} threads`,
      () => createEnginePool(mobilenet("node"), { threads }),
      images,
      batchSize,
    ),
  );
} else {
  console.log("tensorflow (tfjs-node): not installed, skipped");
}
log(await measure("in-process", () => createEngine(mobilenet("wasm")), images, batchSize));
log(
  await measure(
    `${threads} threads`,
    () => createEnginePool(mobilenet("wasm"), { threads }),
    images,
    batchSize,
  ),
);
log(await measure("in-process", () => createEngine(mobilenet("cpu")), cpuImages, cpuImages));
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(JSON.stringify(rows));
