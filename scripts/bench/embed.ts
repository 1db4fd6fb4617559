/**
 * Embedding throughput, both engines side by side, whole command included: `transfer-audit embed` on
 * the same PNG files (read, decode and resize with sharp, MobileNetV2 224x224 inference, .npy written)
 * with `--engine tfjs` (wasm, worker-thread pool) and `--engine onnx` (ONNX Runtime on the converted
 * model, one worker whose session uses every thread), then the largest difference between the two
 * feature files.
 *
 *   npx tsx scripts/bench/embed.ts [--images 256] [--threads 2] [--layer flatten_1] [--size 320x240] [--only onnx|tfjs]
 *
 * The images are synthetic (seeded colour gradients with noise, PNG), written to a temporary folder
 * first and not timed. The one-off conversion of MobileNetV2 to ONNX (cached on disk by weights hash)
 * is timed separately; the timed runs include opening the engine. Printed per engine: images/s (wall
 * clock, whole command), CPU seconds per image (user + system over every thread of the process: less
 * sensitive to other processes on a shared machine than wall time) and what two idle cores would give
 * at that CPU cost. Reference: torchvision MobileNetV2 on Debian python3-torch 1.13 here: ~31 img/s.
 */
import fs from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { readNpy } from "@/lib/datasets/npy";
import { createRng } from "@/lib/metrics/stats/rng";
import { runEmbed } from "../cli/embed";

const { values } = parseArgs({
  options: {
    images: { type: "string", default: "256" },
    threads: { type: "string", default: String(availableParallelism()) },
    layer: { type: "string", default: "flatten_1" },
    size: { type: "string", default: "320x240" },
    only: { type: "string" },
  },
});
const count = Number(values.images);
const threads = Number(values.threads);
if (!Number.isInteger(count) || count < 1)
  throw new Error(`--images must be a positive integer, got ${values.images}`);
if (!Number.isInteger(threads) || threads < 1)
  throw new Error(`--threads must be a positive integer, got ${values.threads}`);
const [width, height] = values.size.split("x").map(Number) as [number, number];
if (!(width > 0 && height > 0)) throw new Error(`--size must be WxH, got ${values.size}`);
const engines = values.only ? [values.only] : ["onnx", "tfjs"];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

const dir = fs.mkdtempSync(path.join(tmpdir(), "ta-bench-embed-"));
const imagesDir = path.join(dir, "images");
fs.mkdirSync(imagesDir);
const rng = createRng(20240612);
for (let i = 0; i < count; i++) {
  const buf = Buffer.alloc(width * height * 3);
  const [a, b, c] = [rng.next() * 255, rng.next() * 255, rng.next() * 255];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      buf[o] = (a + x) % 256;
      buf[o + 1] = (b + y) % 256;
      buf[o + 2] = (c + (x * y) / 64 + rng.next() * 40) % 256;
    }
  await sharp(buf, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(path.join(imagesDir, `img${String(i).padStart(5, "0")}.png`));
}
console.log(
  `MobileNetV2 224x224, layer ${values.layer}, ${count} PNG files ${width}x${height}, ${threads} threads; load average ${load()}`,
);

if (engines.includes("onnx")) {
  const { ensureConverted } = await import("@/lib/embeddings/onnx/converted");
  const t = performance.now();
  const status = await ensureConverted({ kind: "mobilenet_v2" });
  if (!status.ok) throw new Error(`MobileNetV2 does not convert: ${status.reason}`);
  console.log(
    `conversion to ONNX (cached after the first run): ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}

{
  // Decoding alone (read, decode, resize, map values: what the embed command does before inference),
  // so that the rows below can be split into decoding and the rest.
  const { prepareBatch } = await import("@/lib/embeddings/input");
  const { MOBILENET_V2 } = await import("@/lib/embeddings/tfjs/mobilenet");
  const files = fs.readdirSync(imagesDir).sort();
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < files.length; i += 32) {
    const items = files
      .slice(i, i + 32)
      .map((f) => ({ id: f, bytes: new Uint8Array(fs.readFileSync(path.join(imagesDir, f))) }));
    await prepareBatch(items, MOBILENET_V2.preprocessing, { concurrency: 4 });
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `decode only  ${files.length} img in ${((performance.now() - t) / 1000).toFixed(1)} s: ` +
      `${((cpu.user + cpu.system) / 1e6 / files.length).toFixed(4)} CPU-s/img`,
  );
}

interface Row {
  engine: string;
  backend: string;
  images: number;
  wallS: number;
  imgPerS: number;
  cpuSPerImg: number;
  idleTwoCoreImgPerS: number;
}

const rows: Row[] = [];
const outputs = new Map<string, string>();
for (const engine of engines) {
  const out = path.join(dir, `${engine}.npy`);
  const printed: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => printed.push(a.join(" "));
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  let code: number;
  try {
    code = await runEmbed([
      "--model",
      "mobilenet_v2",
      "--layer",
      values.layer,
      "--images",
      imagesDir,
      "--out",
      out,
      "--engine",
      engine,
      "--threads",
      String(threads),
      "--json",
    ]);
  } finally {
    console.log = log;
  }
  const wallS = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (code !== 0) throw new Error(`embed --engine ${engine} exited with ${code}`);
  const summary = JSON.parse(printed.join("\n")) as { samples: number; backend: string };
  const cpuSPerImg = (cpu.user + cpu.system) / 1e6 / summary.samples;
  const row: Row = {
    engine,
    backend: summary.backend,
    images: summary.samples,
    wallS,
    imgPerS: summary.samples / wallS,
    cpuSPerImg,
    idleTwoCoreImgPerS: 2 / cpuSPerImg,
  };
  rows.push(row);
  outputs.set(engine, out);
  console.log(
    `${engine.padEnd(5)} ${row.backend.padEnd(8)} ${row.images} img in ${wallS.toFixed(1)} s: ${row.imgPerS.toFixed(1)} img/s  ` +
      `${cpuSPerImg.toFixed(4)} CPU-s/img (two idle cores: ~${row.idleTwoCoreImgPerS.toFixed(0)} img/s)  load ${load()}`,
  );
}

let maxAbsDiff: number | null = null;
if (outputs.size === 2) {
  const [a, b] = [...outputs.values()].map((f) => readNpy(new Uint8Array(fs.readFileSync(f)), f));
  if (a!.data.length !== b!.data.length) throw new Error("the two engines wrote different shapes");
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a!.data.length; i++) {
    diff = Math.max(diff, Math.abs(Number(a!.data[i]) - Number(b!.data[i])));
    scale = Math.max(scale, Math.abs(Number(a!.data[i])));
  }
  maxAbsDiff = diff;
  console.log(
    `max |ONNX Runtime - TF.js| over ${a!.shape.join(" x ")} features: ${diff.toExponential(2)} (largest |feature| ${scale.toFixed(2)})`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ rows, maxAbsDiff }));
