import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { writeNpy } from "@/lib/datasets/npy";
import type { EmbeddingEngine } from "@/lib/embeddings/engine/types";
import { prepareBatch } from "@/lib/embeddings/input";
import { parseArgs } from "./args";
import { resolveModelArg, withEngine } from "./model-arg";

const BATCH = 32;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile() && !entry.name.toLowerCase().endsWith(".csv")) out.push(p);
  }
  return out;
}

/** The image files, in order: every file under a folder (sorted), or a manifest's file column. */
function listImages(arg: string, fileColumn: string): { id: string; file: string }[] {
  if (!fs.existsSync(arg)) throw new Error(`--images ${arg}: no such file or folder`);
  if (fs.statSync(arg).isDirectory()) {
    return walk(arg).map((f) => ({ id: path.relative(arg, f), file: f }));
  }
  const rows = parse(fs.readFileSync(arg, "utf8"), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  if (rows.length === 0) throw new Error(`${arg}: the manifest has no rows`);
  if (!(fileColumn in rows[0]!))
    throw new Error(`${arg}: no column "${fileColumn}" (columns: ${Object.keys(rows[0]!).join(", ")})`);
  const base = path.dirname(arg);
  return rows.map((r, i) => {
    const rel = r[fileColumn] ?? "";
    if (!rel) throw new Error(`${arg}: row ${i + 2}, column "${fileColumn}": empty file name`);
    return { id: rel, file: path.resolve(base, rel) };
  });
}

function outPath(out: string, layer: string, many: boolean): string {
  if (!many) return out;
  const ext = path.extname(out) || ".npy";
  return `${out.slice(0, out.length - path.extname(out).length)}.${layer.replace(/[^A-Za-z0-9_.-]/g, "_")}${ext}`;
}

/**
 * `transfer-audit embed`: images → a model's layers → float32 .npy [N, D] (one file per layer
 * when several) and `<out>.ids.csv` with the sample order. Unreadable images are skipped and
 * listed; several layers come out of one forward pass.
 */
export async function runEmbed(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["json"]);
  const model = await withEngine(await resolveModelArg(args.require("model")), args.get("engine"));
  if (!model.preprocessing)
    throw new Error(`--model ${args.get("model")}: its input preprocessing is unknown (add a meta.json)`);
  const layers = args.list("layer");
  if (layers.length === 0)
    throw new Error("--layer is required (one or more names, comma-separated; see `transfer-audit layers`)");
  const pooling = (args.get("pooling") ?? "avg") as "avg" | "max";
  if (pooling !== "avg" && pooling !== "max") throw new Error(`--pooling must be avg or max, got ${pooling}`);
  const out = args.require("out");
  const images = listImages(args.require("images"), args.get("file-column") ?? "file");
  const started = Date.now();
  const { createEnginePool } = await import("@/lib/embeddings/engine/pool");
  const threads = args.has("threads") ? args.number("threads", 1) : undefined;
  const engine: EmbeddingEngine = await createEnginePool(
    model.spec,
    threads !== undefined ? { threads } : {},
  );
  try {
    const parts = new Map<string, Float32Array[]>(layers.map((l) => [l, []]));
    const dims = new Map<string, number>();
    const ids: string[] = [];
    const skipped: { id: string; reason: string }[] = [];
    const pre = model.preprocessing;
    const load = (i: number) => {
      const readable: { id: string; bytes: Uint8Array }[] = [];
      for (const im of images.slice(i, i + BATCH)) {
        try {
          readable.push({ id: im.id, bytes: new Uint8Array(fs.readFileSync(im.file)) });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          skipped.push({ id: im.id, reason: code === "ENOENT" ? "file not found" : (e as Error).message });
        }
      }
      const p = prepareBatch(readable, pre, { concurrency: 4 }).then((batch) => ({ readable, batch }));
      p.catch(() => {}); // awaited below; this only keeps a prefetch left behind by an error from going unhandled
      return p;
    };
    // Decoding the next batch (libvips threads) overlaps the model running on this one (worker thread).
    let next = images.length > 0 ? load(0) : null;
    for (let i = 0; i < images.length; i += BATCH) {
      const { readable, batch } = await next!;
      next = i + BATCH < images.length ? load(i + BATCH) : null;
      for (const s of batch.skipped) skipped.push({ id: s.id, reason: s.reason });
      if (batch.ok.length > 0) {
        const res = await engine.extract(batch.data, batch.ok.length, layers, pooling);
        for (const [layer, o] of res) {
          parts.get(layer)!.push(o.data);
          dims.set(layer, o.dim);
        }
        ids.push(...batch.ok.map((k) => readable[k]!.id));
      }
      process.stderr.write(`\r  ${Math.min(i + BATCH, images.length)}/${images.length} images`);
    }
    process.stderr.write("\n");
    const written: string[] = [];
    for (const layer of layers) {
      const dim = dims.get(layer) ?? 0;
      const data = new Float32Array(ids.length * dim);
      let off = 0;
      for (const p of parts.get(layer)!) {
        data.set(p, off);
        off += p.length;
      }
      const file = outPath(out, layer, layers.length > 1);
      fs.writeFileSync(file, writeNpy({ dtype: "float32", shape: [ids.length, dim], data }));
      written.push(file);
    }
    const idsFile = `${out.replace(/\.npy$/, "")}.ids.csv`;
    fs.writeFileSync(
      idsFile,
      `index,id\n${ids.map((id, k) => `${k},"${id.replace(/"/g, '""')}"`).join("\n")}\n`,
    );
    const secs = (Date.now() - started) / 1000;
    const summary = {
      files: written,
      ids: idsFile,
      samples: ids.length,
      skipped,
      engine: engine.name,
      backend: engine.backend,
      seconds: secs,
      imagesPerSecond: ids.length / secs,
    };
    if (args.has("json")) console.log(JSON.stringify(summary, null, 2));
    else {
      console.log(
        `${ids.length} images → ${written.join(", ")} (${engine.name}/${engine.backend}, ${(ids.length / secs).toFixed(1)} images/s)`,
      );
      for (const s of skipped) console.log(`  skipped ${s.id}: ${s.reason}`);
    }
    return 0;
  } finally {
    await engine.dispose();
  }
}
