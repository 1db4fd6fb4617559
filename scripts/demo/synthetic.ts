/**
 * A synthetic image dataset of any size for scale tests: 28x28 grey PNGs (the importer's cheapest
 * image: a few hundred bytes, and the bundled MNIST models' input size), written one at a time so
 * memory stays flat whatever N is. Deterministic: image i of a side depends only on (seed, side, i).
 *
 *   npx tsx scripts/demo/synthetic.ts [--n 50000] [--seed 0] [--out .data/synthetic-50000]
 *
 * Writes <out>/source and <out>/target (N/2 images each, in sub-folders of 1000) with a
 * manifest.csv each: file, label (0-4: a stroke at angle label x 36 degrees), group (a / b).
 * The target is a shifted domain (thicker, fainter strokes on a noisier background), and in the
 * source group "a" is over-represented among labels 0-1, so shift and skew both have something to find.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { createRng } from "@/lib/metrics/stats/rng";

const SIDE = 28;
const CLASSES = 5;
/** PNG encodes in flight at once: sharp runs them on libuv's pool. */
const IN_FLIGHT = 8;

interface Style {
  thickness: number;
  intensity: number;
  noise: number;
}
const STYLES: Record<"source" | "target", Style> = {
  source: { thickness: 1.2, intensity: 255, noise: 12 },
  target: { thickness: 2.2, intensity: 180, noise: 40 },
};

/** One image: a stroke through a jittered centre at the label's angle, plus background noise. */
export function syntheticImage(seed: number, side: "source" | "target", i: number) {
  const rng = createRng(seed * 1_000_003 + (side === "source" ? 0 : 500_001) + i);
  const label = rng.int(CLASSES);
  // Source: group a is 80% of labels 0-1 and 40% of the others; target: 50% throughout.
  const pA = side === "source" ? (label < 2 ? 0.8 : 0.4) : 0.5;
  const group = rng.next() < pA ? "a" : "b";
  const s = STYLES[side];
  const angle = (label * Math.PI) / CLASSES + rng.normal() * 0.08;
  const cx = SIDE / 2 + rng.normal() * 1.5;
  const cy = SIDE / 2 + rng.normal() * 1.5;
  const half = 8 + rng.next() * 3;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const pixels = new Uint8Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      // Distance from (x, y) to the segment centre ± half along (dx, dy).
      const px = x - cx;
      const py = y - cy;
      const along = Math.max(-half, Math.min(half, px * dx + py * dy));
      const dist = Math.hypot(px - along * dx, py - along * dy);
      const stroke = Math.max(0, 1 - Math.max(0, dist - s.thickness / 2));
      const v = stroke * s.intensity + Math.abs(rng.normal()) * s.noise;
      pixels[y * SIDE + x] = Math.min(255, Math.round(v));
    }
  }
  return { label, group, pixels };
}

async function writeSide(out: string, side: "source" | "target", n: number, seed: number): Promise<void> {
  const dir = path.join(out, side);
  fs.mkdirSync(dir, { recursive: true });
  const manifest = fs.createWriteStream(path.join(dir, "manifest.csv"));
  manifest.write("file,label,group\n");
  const pending = new Set<Promise<void>>();
  for (let i = 0; i < n; i++) {
    const { label, group, pixels } = syntheticImage(seed, side, i);
    const sub = String(Math.floor(i / 1000)).padStart(3, "0");
    const file = `${sub}/${String(i).padStart(6, "0")}.png`;
    if (i % 1000 === 0) fs.mkdirSync(path.join(dir, sub), { recursive: true });
    manifest.write(`${file},${label},${group}\n`);
    const p = sharp(Buffer.from(pixels), { raw: { width: SIDE, height: SIDE, channels: 1 } })
      .png()
      .toFile(path.join(dir, file))
      .then(() => {
        pending.delete(p);
      });
    pending.add(p);
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
    if ((i + 1) % 5000 === 0) console.log(`  ${side}: ${i + 1}/${n}`);
  }
  await Promise.all(pending);
  await new Promise<void>((resolve, reject) =>
    manifest.end((e?: Error | null) => (e ? reject(e) : resolve())),
  );
}

/** Writes the dataset unless `<out>/done` says this N and seed are already there. Returns `out`. */
export async function generateSynthetic(n: number, seed: number, out: string): Promise<string> {
  const stamp = path.join(out, "done");
  const want = JSON.stringify({ n, seed, side: SIDE });
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return out;
  fs.rmSync(out, { recursive: true, force: true });
  const started = Date.now();
  await writeSide(out, "source", Math.ceil(n / 2), seed);
  await writeSide(out, "target", Math.floor(n / 2), seed);
  fs.writeFileSync(stamp, want);
  console.log(`synthetic: ${n} images in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${out}`);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "50000" },
      seed: { type: "string", default: "0" },
      out: { type: "string" },
    },
  });
  const n = Number(values.n);
  const seed = Number(values.seed);
  if (!Number.isInteger(n) || n < 4) throw new Error(`--n must be an integer of at least 4, got ${values.n}`);
  if (!Number.isInteger(seed) || seed < 0)
    throw new Error(`--seed must be a non-negative integer, got ${values.seed}`);
  await generateSynthetic(n, seed, path.resolve(values.out ?? `.data/synthetic-${n}`));
}
