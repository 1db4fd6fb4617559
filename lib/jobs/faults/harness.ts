/**
 * What the fault tests share: scratch databases on the PostgreSQL server in DATABASE_URL, a small
 * image audit (MNIST digits 0-4 as source, 5-9 as target, through the bundled CNN), real worker
 * processes spawned with child_process, and an audit's fingerprint (every metric number, every
 * embedding shard's bytes, the verdict) to compare a disturbed run with an undisturbed one.
 */

import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { asc, eq, inArray } from "drizzle-orm";
import pg from "pg";
import type { Db } from "@/db/client";
import { audits, embeddingShards, jobs, metricResults, recommendations, samples } from "@/db/schema";
import { createAudit } from "@/lib/audits/create";
import { importImages } from "@/lib/datasets/import-images";
import { loadMnistDigits, MNIST_PIXELS, MNIST_SIDE } from "@/lib/datasets/mnist-source";
import { ensureBundledModels } from "@/lib/embeddings/registry";
import { isConnectionLoss } from "@/lib/jobs/connection-loss";

export const ROOT = path.resolve(import.meta.dirname, "../../..");

/**
 * Settings every spawned process and the test process share. The lease is short so a killed
 * worker's shard is handed on within seconds (the default is 10 minutes for a shard); it must
 * still exceed the longest stage of the small audit below, or a live stage would be handed on too.
 */
export const FAULT_ENV = {
  TA_JOB_LEASE_SECONDS: "20",
  TA_JOB_MAINTENANCE_SECONDS: "2",
  // One extraction thread per process: four processes on two cores are enough.
  TA_THREADS: "1",
  TA_SKIP_DEMO: "1",
};

/** A database of its own on the server, so terminating its connections touches no other test. */
export async function createScratchDatabase(
  serverUrl: string,
  prefix = "ta_faults",
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      await withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * What a PostgreSQL restart looks like to its clients: every connection to `dbName` is cut.
 * Returns how many were terminated.
 */
export async function terminateConnections(serverUrl: string, dbName: string): Promise<number> {
  return withAdmin(serverUrl, async (c) => {
    const r = await c.query(
      "select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [dbName],
    );
    return r.rows.filter((row: { ok: boolean }) => row.ok).length;
  });
}

export interface DigitsAudit {
  auditId: string;
  sourceDatasetId: string;
  targetDatasetId: string;
  /** Embedding shard jobs the plan queues: 2 sides x 2 extractors x shards per side. */
  shardJobs: number;
  /** embedding_shards rows a finished audit leaves: (3 pretrained + 2 random layers) x shards x 2 sides. */
  shardRows: number;
}

function digits(wanted: number[], perDigit: number) {
  const m = loadMnistDigits();
  const picked: number[] = [];
  const seen = new Map<number, number>();
  for (let i = 0; i < m.count; i++) {
    const d = m.labels[i]!;
    if (!wanted.includes(d) || (seen.get(d) ?? 0) >= perDigit) continue;
    seen.set(d, (seen.get(d) ?? 0) + 1);
    picked.push(i);
  }
  const pixels = new Uint8Array(picked.length * MNIST_PIXELS);
  picked.forEach((i, k) => {
    pixels.set(m.images.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS), k * MNIST_PIXELS);
  });
  const names = picked.map((i) => `d${m.labels[i]}-${i}.png`);
  const manifest = ["file,label", ...picked.map((i, k) => `${names[k]},${m.labels[i]}`)].join("\n");
  return {
    packed: { pixels, width: MNIST_SIDE, height: MNIST_SIDE, channels: 1 as const, names },
    manifest,
  };
}

/**
 * The bundled CNN, digits 0-4 against 5-9 (`perDigit` of each), and a queued audit over layers
 * pool2 and features. Shards of 128 so one shard is two slices of 64 (a kill can land between them).
 */
export async function seedDigitsAudit(db: Db, perDigit = 40, shardSize = 128): Promise<DigitsAudit> {
  const [model] = await ensureBundledModels(db, { only: ["mnist-cnn-0to4"] });
  if (!model) throw new Error("bundled model mnist-cnn-0to4 did not register");
  const cols = { file: "file", label: "label" };
  const side = async (wanted: number[], name: string) => {
    const d = digits(wanted, perDigit);
    const r = await importImages(
      { packed: d.packed, manifestCsv: { text: d.manifest, name: `${name}.csv` }, columns: cols, name },
      db,
    );
    return r.datasetId;
  };
  const sourceDatasetId = await side([0, 1, 2, 3, 4], "digits 0-4");
  const targetDatasetId = await side([5, 6, 7, 8, 9], "digits 5-9");
  const audit = await createAudit(db, {
    name: "fault test: 0-4 to 5-9",
    modelId: model.id,
    sourceDatasetId,
    targetDatasetId,
    layers: ["pool2", "features"],
    settings: { permutations: 100, bootstrap: 20, shardSize },
  });
  const shardsPerSide = Math.ceil((5 * perDigit) / shardSize);
  return {
    auditId: audit.id,
    sourceDatasetId,
    targetDatasetId,
    shardJobs: 2 * 2 * shardsPerSide,
    shardRows: 5 * shardsPerSide * 2,
  };
}

/** A spawned process with its output kept (printed when a test fails). */
export interface Spawned {
  child: ChildProcess;
  name: string;
  output: () => string;
  exited: Promise<number | null>;
}

const spawned = new Set<Spawned>();
const ended: Array<{ name: string; output: string }> = [];

/** `env` overrides FAULT_ENV and this process's environment; an undefined value removes the variable. */
export function spawnProcess(name: string, args: string[], env: Record<string, string | undefined>): Spawned {
  const merged: Record<string, string | undefined> = { ...process.env, ...FAULT_ENV, TA_ROOT: ROOT, ...env };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: merged as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const s: Spawned = { child, name, output: () => out, exited };
  spawned.add(s);
  void exited.then((code) => {
    spawned.delete(s);
    // Kept for tails(): a process that died is what a failed fault test most needs to show.
    ended.push({ name: `${name} (exited ${code ?? child.signalCode})`, output: out });
    if (ended.length > 8) ended.shift();
  });
  return s;
}

/** A real `npm run worker` (the CLI's worker command) on the database at `url`. */
export function spawnWorker(name: string, url: string, env: Record<string, string> = {}): Spawned {
  return spawnProcess(name, [path.join(ROOT, "scripts/bin/transfer-audit.mjs"), "worker"], {
    DATABASE_URL: url,
    ...env,
  });
}

/** The same worker, but every embedding shard it takes stalls after its first slice (see the file). */
export function spawnStallingWorker(name: string, url: string): Spawned {
  return spawnProcess(name, ["--import", "tsx", path.join(ROOT, "lib/jobs/faults/stalling-worker.ts")], {
    DATABASE_URL: url,
  });
}

/**
 * The app's process on the embedded default (PGlite in `dataDir`), as `npm start` boots it, without
 * the HTTP server: database, queue, in-process worker, the resume sweep. The default leases apply.
 */
export function spawnEmbeddedApp(name: string, dataDir: string): Spawned {
  return spawnProcess(name, ["--import", "tsx", path.join(ROOT, "lib/jobs/faults/embedded-app.ts")], {
    TA_DATA_DIR: dataDir,
    DATABASE_URL: undefined,
    POSTGRES_URL: undefined,
    TA_JOB_LEASE_SECONDS: undefined,
    TA_JOB_MAINTENANCE_SECONDS: undefined,
  });
}

/** Ends every process these tests started that is still running (by its own pid). */
export async function killAllSpawned(): Promise<void> {
  const all = [...spawned];
  for (const s of all) s.child.kill("SIGKILL");
  await Promise.all(all.map((s) => s.exited));
}

/** The last output of every running process and of the last few that ended. */
export function tails(): string {
  return [...[...spawned].map((s) => ({ name: s.name, output: s.output() })), ...ended]
    .map((s) => `--- ${s.name} ---\n${s.output.slice(-3000)}`)
    .join("\n");
}

/** A query failed because the server ended its connection or was down (lib/jobs/connection-loss.ts). */
export { isConnectionLoss };

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    let v: T | null | undefined | false = null;
    try {
      v = await probe();
    } catch (e) {
      // The test's own polling connection may be one of those a scenario cuts: like any client of a
      // restarted server, it fails that one query and the pool opens a new connection for the next.
      if (!isConnectionLoss(e)) throw e;
    }
    if (v) return v;
    if (Date.now() > until) {
      // Printed as well as thrown: a test runner shows an error's first line only.
      console.error(`timed out waiting for ${what}; the spawned processes said:\n${tails()}`);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${tails()}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function waitForAudit(db: Db, auditId: string, timeoutMs: number) {
  return waitFor(
    `audit ${auditId} to finish`,
    async () => {
      const [a] = await db.select().from(audits).where(eq(audits.id, auditId));
      return a && (a.status === "done" || a.status === "failed") ? a : null;
    },
    timeoutMs,
    500,
  );
}

/** The pid part of a job record's worker id (`host:pid`). */
export function workerPid(workerId: string | null): number | null {
  const m = workerId?.match(/:(\d+)$/);
  return m ? Number(m[1]) : null;
}

export async function shardJobs(db: Db, auditId: string) {
  return db
    .select()
    .from(jobs)
    .where(eq(jobs.auditId, auditId))
    .then((rows) => rows.filter((r) => r.type === "embed.shard"));
}

export interface Fingerprint {
  metrics: Record<string, [number | null, number | null, number | null, number | null]>;
  /** sha256 of each shard's float32 bytes, by layer, shard index and extractor. */
  embeddings: Record<string, string>;
  verdict: string | null;
  splitLayer: string | null;
}

/**
 * Everything an audit computed, keyed so two databases compare: ids differ between databases, but
 * extractor keys (weights hash, layer, seed) and the order of samples do not.
 */
export async function auditFingerprint(db: Db, a: DigitsAudit): Promise<Fingerprint> {
  const metrics: Fingerprint["metrics"] = {};
  const rows = await db.select().from(metricResults).where(eq(metricResults.auditId, a.auditId));
  for (const m of rows)
    metrics[`${m.family}|${m.layer}|${m.features}|${m.metric}`] = [m.value, m.low, m.high, m.pValue];
  const embeddings: Fingerprint["embeddings"] = {};
  const shards = await db
    .select()
    .from(embeddingShards)
    .where(inArray(embeddingShards.datasetId, [a.sourceDatasetId, a.targetDatasetId]));
  for (const s of shards) {
    const role = s.datasetId === a.sourceDatasetId ? "source" : "target";
    embeddings[`${role}|${s.layer}|${s.shardIndex}|${s.extractorKey.slice(0, 16)}`] = crypto
      .createHash("sha256")
      .update(s.data)
      .digest("hex");
  }
  const [rec] = await db.select().from(recommendations).where(eq(recommendations.auditId, a.auditId));
  return { metrics, embeddings, verdict: rec?.verdict ?? null, splitLayer: rec?.splitLayer ?? null };
}

/**
 * Every (dataset, extractor) has each of the dataset's samples exactly once across its shards:
 * nothing missing, nothing stored twice. Returns the problems found, empty when sound.
 */
export async function shardCoverageProblems(db: Db, a: DigitsAudit): Promise<string[]> {
  const problems: string[] = [];
  for (const datasetId of [a.sourceDatasetId, a.targetDatasetId]) {
    const ids = (
      await db
        .select({ id: samples.id })
        .from(samples)
        .where(eq(samples.datasetId, datasetId))
        .orderBy(asc(samples.ordinal))
    )
      .map((r) => r.id)
      .sort((x, y) => x - y);
    const shards = await db.select().from(embeddingShards).where(eq(embeddingShards.datasetId, datasetId));
    const byExtractor = new Map<string, number[]>();
    for (const s of shards) {
      const list = byExtractor.get(s.extractorKey) ?? [];
      list.push(...s.sampleIds);
      byExtractor.set(s.extractorKey, list);
      if (s.count !== s.sampleIds.length || s.data.byteLength !== s.count * s.dim * 4)
        problems.push(`shard ${s.id} (${s.layer}#${s.shardIndex}): count, ids and bytes disagree`);
    }
    for (const [key, list] of byExtractor) {
      const sorted = [...list].sort((x, y) => x - y);
      if (sorted.length !== ids.length || sorted.some((v, i) => v !== ids[i]))
        problems.push(
          `dataset ${datasetId}, extractor ${key.slice(0, 12)}: ${sorted.length} embedded rows for ${ids.length} samples`,
        );
    }
  }
  return problems;
}
