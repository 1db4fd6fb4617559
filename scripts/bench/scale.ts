/**
 * Scale-out: a synthetic image dataset (scripts/demo/synthetic.ts) imported with the CLI, then
 * audited through the bundled CNN mnist-cnn-0to4 by 1, 2 and 4 `transfer-audit worker` processes
 * sharing one PostgreSQL (DATABASE_URL; a scratch database is created on that server and dropped).
 *
 *   npm run bench:scale -- [--n 50000] [--workers 1,2,4] [--shard 256] [--threads 1]
 *                          [--bound-mb 1024] [--seed 0] [--keep]
 *
 * For each worker count the embedding cache is emptied and a new audit runs to the end. Printed:
 * the embed phase's throughput (images/s = N / wall seconds from queueing the plan until the last
 * shard is in; each image goes through the pretrained model and its random-init copy), the whole
 * audit's time, and the peak RSS of the importer and of each worker (/proc VmHWM). Exit 1 when any
 * process's peak exceeds --bound-mb. Workers start before the clock does (their start-up is not
 * throughput); --threads is each worker's extraction threads, so processes, not threads, scale.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { and, eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { auditStages, audits, embeddingShards, models } from "@/db/schema";
import { createAudit } from "@/lib/audits/create";
import { createScratchDatabase } from "@/lib/jobs/faults/harness";
import { generateSynthetic } from "../demo/synthetic";
import { watchPeakRss } from "./peak-rss";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(ROOT, "scripts/bin/transfer-audit.mjs");

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "50000" },
    workers: { type: "string", default: "1,2,4" },
    shard: { type: "string", default: "256" },
    threads: { type: "string", default: "1" },
    "bound-mb": { type: "string", default: "1024" },
    seed: { type: "string", default: "0" },
    keep: { type: "boolean", default: false },
  },
});
const n = Number(values.n);
const workerCounts = values.workers.split(",").map(Number);
const shardSize = Number(values.shard);
const boundMb = Number(values["bound-mb"]);
if (!Number.isInteger(n) || n < 100)
  throw new Error(`--n must be an integer of at least 100, got ${values.n}`);
if (workerCounts.some((w) => !Number.isInteger(w) || w < 1)) throw new Error(`--workers: ${values.workers}`);
const server = process.env.DATABASE_URL;
if (!server) {
  console.error("bench:scale needs DATABASE_URL (a PostgreSQL server the workers share).");
  process.exit(2);
}

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, TA_ROOT: ROOT, TA_SKIP_DEMO: "1", TA_THREADS: values.threads, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => {
    out += b.toString();
  });
  child.stderr.on("data", (b: Buffer) => {
    out += b.toString();
  });
  const rss = watchPeakRss(child.pid!);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, rss, exited, output: () => out };
}

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

const dir = await generateSynthetic(n, Number(values.seed), path.join(ROOT, ".data", `synthetic-${n}`));
const scratch = await createScratchDatabase(server, "ta_bench_scale");
const database = await openDatabase({ url: scratch.url });
const db = database.db;
const failures: string[] = [];
try {
  // Import both halves with the CLI, as a user would; the importer's memory is checked too.
  const imported: Record<string, { id: string; seconds: number; peakMb: number }> = {};
  for (const side of ["source", "target"] as const) {
    const started = Date.now();
    const p = run(
      [
        "import",
        "--images",
        path.join(dir, side),
        "--manifest",
        path.join(dir, side, "manifest.csv"),
        "--label",
        "label",
        "--attributes",
        "group",
        "--protected",
        "group",
        "--max-files",
        String(n + 10),
        "--name",
        `synthetic ${side} (${n})`,
        "--json",
      ],
      { DATABASE_URL: scratch.url },
    );
    const code = await p.exited;
    const peakMb = p.rss.stop();
    if (code !== 0) throw new Error(`import of ${side} exited ${code}:\n${p.output().slice(-2000)}`);
    const id = p.output().match(/"datasetId":"([0-9a-f-]{36})"/)?.[1];
    if (!id) throw new Error(`import of ${side}: no dataset id in its output:\n${p.output().slice(-2000)}`);
    imported[side] = { id, seconds: (Date.now() - started) / 1000, peakMb };
    console.log(`imported ${side}: ${imported[side].seconds.toFixed(1)} s, peak RSS ${peakMb.toFixed(0)} MB`);
    if (peakMb > boundMb) failures.push(`import ${side}: peak ${peakMb.toFixed(0)} MB > ${boundMb} MB`);
  }
  const { ensureBundledModels } = await import("@/lib/embeddings/registry");
  await ensureBundledModels(db, { only: ["mnist-cnn-0to4"] });
  const [model] = await db.select().from(models).where(eq(models.slug, "mnist-cnn-0to4"));
  await import("@/lib/jobs/all");
  const { JobQueue } = await import("@/lib/jobs/queue");
  const queue = await JobQueue.start(database, { work: false });

  const rows: Record<string, string | number>[] = [];
  for (const w of workerCounts) {
    await db.delete(embeddingShards); // an empty cache, so every run embeds everything
    const workers = Array.from({ length: w }, () => run(["worker"], { DATABASE_URL: scratch.url }));
    for (const p of workers) {
      while (!p.output().includes("taking jobs from")) {
        if (p.child.exitCode !== null) throw new Error(`a worker exited at start:\n${p.output()}`);
        await sleep(200);
      }
    }
    const audit = await createAudit(db, {
      name: `scale ${n} x ${w} workers`,
      modelId: model!.id,
      sourceDatasetId: imported.source!.id,
      targetDatasetId: imported.target!.id,
      layers: ["pool2", "features"],
      settings: { shardSize, permutations: 200, bootstrap: 50, protectedAttributes: ["group"] },
    });
    const started = Date.now();
    await queue.enqueue("audit.plan", { auditId: audit.id }, { key: `plan:${audit.id}`, auditId: audit.id });
    let embedSeconds: number | null = null;
    let status = "running";
    let error: string | null = null;
    for (;;) {
      await sleep(500);
      if (embedSeconds === null) {
        const [s] = await db
          .select({ at: auditStages.finishedAt })
          .from(auditStages)
          .where(and(eq(auditStages.auditId, audit.id), eq(auditStages.stage, "embed")));
        if (s) embedSeconds = (Date.now() - started) / 1000;
      }
      const [a] = await db.select().from(audits).where(eq(audits.id, audit.id));
      if (a?.status === "done" || a?.status === "failed") {
        status = a.status;
        error = a.error;
        break;
      }
    }
    const totalSeconds = (Date.now() - started) / 1000;
    for (const p of workers) p.child.kill("SIGTERM");
    await Promise.all(workers.map((p) => p.exited));
    const peaks = workers.map((p) => p.rss.stop());
    const maxPeak = Math.max(...peaks);
    if (status !== "done") failures.push(`${w} worker(s): audit ${status}: ${error}`);
    if (maxPeak > boundMb)
      failures.push(`${w} worker(s): a worker peaked at ${maxPeak.toFixed(0)} MB > ${boundMb} MB`);
    rows.push({
      workers: w,
      images: n,
      "embed s": embedSeconds?.toFixed(1) ?? "-",
      "images/s": embedSeconds ? (n / embedSeconds).toFixed(0) : "-",
      "audit s": totalSeconds.toFixed(1),
      "peak RSS MB (each worker)": peaks.map((p) => p.toFixed(0)).join(" / "),
      status,
    });
    console.table(rows.slice(-1));
  }
  await queue.stop(2000);
  console.log(`\nbench:scale, N = ${n}, shards of ${shardSize}, ${values.threads} thread(s) per worker:`);
  console.table(rows);
  console.log(
    `importer peak RSS: source ${imported.source!.peakMb.toFixed(0)} MB, target ${imported.target!.peakMb.toFixed(0)} MB; bound ${boundMb} MB per process`,
  );
} finally {
  await database.close();
  if (!values.keep) await scratch.drop();
  else console.log(`kept database ${scratch.url}`);
}
if (failures.length > 0) {
  console.error(`FAILED:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("all within bounds");
process.exit(0);
