/**
 * Faults with real worker processes on a real PostgreSQL server (DATABASE_URL; skipped without it).
 * Each scenario gets its own scratch database, seeds the same small image audit (MNIST 0-4 vs 5-9
 * through the bundled CNN), starts `transfer-audit worker` processes with child_process and
 * disturbs them. The yardstick is an undisturbed run of the same audit by one worker process:
 * every metric number, every embedding shard's bytes and the verdict must come out identical
 * (same seeds, same weights, same inputs: the pipeline is deterministic, so equality is exact).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "@/db/client";
import { audits, embeddingShards, models } from "@/db/schema";
import {
  auditFingerprint,
  createScratchDatabase,
  type DigitsAudit,
  FAULT_ENV,
  type Fingerprint,
  killAllSpawned,
  ROOT,
  seedDigitsAudit,
  shardCoverageProblems,
  shardJobs,
  spawnStallingWorker,
  spawnWorker,
  terminateConnections,
  waitFor,
  waitForAudit,
  workerPid,
} from "./harness";
import { startPrivatePostgres } from "./private-postgres";

// The test process enqueues with the same short lease as the workers (env() reads these lazily).
Object.assign(process.env, FAULT_ENV);
const { JobQueue } = await import("../queue");
await import("../all");
type Queue = Awaited<ReturnType<typeof JobQueue.start>>;

const SERVER = process.env.DATABASE_URL;
if (!SERVER)
  console.warn(
    "lib/jobs/faults/workers.test.ts skipped: these fault tests need a real PostgreSQL server; set DATABASE_URL.",
  );
const AUDIT_TIMEOUT = 240_000;

interface Scenario {
  name: string;
  database: Database;
  queue: Queue;
  audit: DigitsAudit;
  drop: () => Promise<void>;
}

const scenarios: Scenario[] = [];

/** A scratch database with the audit seeded and its plan queued; no worker yet. */
async function scenario(prefix: string, server = SERVER!): Promise<Scenario> {
  const scratch = await createScratchDatabase(server, prefix);
  const database = await openDatabase({ url: scratch.url });
  const audit = await seedDigitsAudit(database.db);
  const queue = await JobQueue.start(database, { work: false });
  await queue.enqueue(
    "audit.plan",
    { auditId: audit.auditId },
    { key: `plan:${audit.auditId}`, auditId: audit.auditId },
  );
  const s = { name: scratch.name, database, queue, audit, drop: scratch.drop };
  scenarios.push(s);
  return s;
}

async function close(s: Scenario) {
  await s.queue.stop(2000).catch(() => {});
  await s.database.close().catch(() => {});
  await s.drop();
}

describe.skipIf(!SERVER)(
  `faults with worker processes on PostgreSQL${SERVER ? "" : " (skipped: set DATABASE_URL to a PostgreSQL server to run them)"}`,
  () => {
    let reference: Fingerprint;

    beforeAll(async () => {
      // The undisturbed run: one worker process, nothing killed.
      const s = await scenario("ta_faults_ref");
      const w = spawnWorker("reference worker", s.database.connectionString!);
      const a = await waitForAudit(s.database.db, s.audit.auditId, AUDIT_TIMEOUT);
      expect(a.error).toBeNull();
      expect(a.status).toBe("done");
      reference = await auditFingerprint(s.database.db, s.audit);
      w.child.kill("SIGTERM");
      await w.exited;
      // The fingerprint must hold something to compare: every shard row and the measured layers.
      expect(Object.keys(reference.embeddings).length).toBe(s.audit.shardRows);
      expect(Object.keys(reference.metrics).length).toBeGreaterThan(10);
      expect(reference.verdict).not.toBeNull();
    }, AUDIT_TIMEOUT + 60_000);

    afterAll(async () => {
      await killAllSpawned();
      for (const s of scenarios) await close(s);
    }, 60_000);

    it("kill -9 mid-shard: another worker takes the shard over after the lease; nothing lost or doubled", async () => {
      const s = await scenario("ta_faults_kill");
      const db = s.database.db;
      const victim = spawnStallingWorker("stalling worker", s.database.connectionString!);
      // The victim has run the model on the first slice of a shard and saved nothing yet.
      const stalled = await waitFor(
        "the stalling worker to be mid-shard",
        async () =>
          (await shardJobs(db, s.audit.auditId)).find(
            (j) =>
              j.status === "running" &&
              j.done > 0 &&
              j.done < j.total &&
              workerPid(j.workerId) === victim.child.pid,
          ),
        120_000,
      );
      const survivor = spawnWorker("survivor", s.database.connectionString!);
      victim.child.kill("SIGKILL");
      expect(await victim.exited).toBeNull(); // killed by a signal, no exit code

      const a = await waitForAudit(db, s.audit.auditId, AUDIT_TIMEOUT);
      expect(a.error).toBeNull();
      expect(a.status).toBe("done");
      const [taken] = (await shardJobs(db, s.audit.auditId)).filter((j) => j.key === stalled.key);
      // Delivered twice: the killed attempt, then the survivor's after the lease expired.
      expect(taken?.status).toBe("done");
      expect(taken?.attempts).toBeGreaterThanOrEqual(2);
      expect(workerPid(taken?.workerId ?? null)).toBe(survivor.child.pid);

      const rows = await db.select({ id: embeddingShards.id }).from(embeddingShards);
      expect(rows.length).toBe(s.audit.shardRows); // (3 + 2 layers) x shards x 2 sides, see harness
      expect(await shardCoverageProblems(db, s.audit)).toEqual([]);
      expect(await auditFingerprint(db, s.audit)).toEqual(reference);
    }, 360_000);

    it("every connection cut mid-audit (what a PostgreSQL restart looks like): workers and the app reconnect", async () => {
      const s = await scenario("ta_faults_pg");
      const db = s.database.db;
      spawnWorker("worker 1", s.database.connectionString!);
      spawnWorker("worker 2", s.database.connectionString!);
      await waitFor(
        "a first embedding shard to finish",
        async () => (await shardJobs(db, s.audit.auditId)).some((j) => j.status === "done"),
        120_000,
      );
      const cutInEmbed = await terminateConnections(SERVER!, s.name);
      // Once more while a later stage runs, if the audit gets there before it finishes.
      const stage = await waitFor(
        "the audit to leave the embed stage",
        async () => {
          const [row] = await db.select().from(audits).where(eq(audits.id, s.audit.auditId));
          return row && row.stage !== "embed" && row.stage !== null ? row.stage : null;
        },
        AUDIT_TIMEOUT,
      );
      const cutLater = await terminateConnections(SERVER!, s.name);
      console.log(`cut ${cutInEmbed} connections while embedding, ${cutLater} during stage ${stage}`);
      // Two workers and this process each hold connections to the scratch database.
      expect(cutInEmbed).toBeGreaterThanOrEqual(3);

      const a = await waitForAudit(db, s.audit.auditId, AUDIT_TIMEOUT);
      expect(a.error).toBeNull();
      expect(a.status).toBe("done");
      expect(await shardCoverageProblems(db, s.audit)).toEqual([]);
      expect(await auditFingerprint(db, s.audit)).toEqual(reference);
      // The app's side (this process: a pg pool and a pg-boss queue whose connections were cut too)
      // still enqueues, and the workers still take it: a second audit of the same data completes.
      const [first] = await db.select().from(audits).where(eq(audits.id, s.audit.auditId));
      const { createAudit } = await import("@/lib/audits/create");
      const again = await createAudit(db, {
        name: "after the cut",
        modelId: first!.modelId,
        sourceDatasetId: first!.sourceDatasetId,
        targetDatasetId: first!.targetDatasetId,
        layers: first!.layers,
        settings: first!.settings,
      });
      await s.queue.enqueue(
        "audit.plan",
        { auditId: again.id },
        { key: `plan:${again.id}`, auditId: again.id },
      );
      expect((await waitForAudit(db, again.id, AUDIT_TIMEOUT)).status).toBe("done");
    }, 600_000);

    it("PostgreSQL itself restarted mid-audit (stopped, down 3 s, started): workers and the app reconnect", async () => {
      // A server of this test's own, so the restart pulls nothing away from other tests.
      const server = await startPrivatePostgres();
      try {
        const s = await scenario("ta_faults_restart", server.url);
        const db = s.database.db;
        const workers = [
          spawnWorker("worker 1", s.database.connectionString!),
          spawnWorker("worker 2", s.database.connectionString!),
        ];
        await waitFor(
          "a first embedding shard to finish",
          async () => (await shardJobs(db, s.audit.auditId)).some((j) => j.status === "done"),
          120_000,
        );
        await server.restart(3000);
        // This process's queries wait out the reconnection like any client's.
        const a = await waitForAudit(db, s.audit.auditId, AUDIT_TIMEOUT);
        expect(a.error).toBeNull();
        expect(a.status).toBe("done");
        expect(await shardCoverageProblems(db, s.audit)).toEqual([]);
        expect(await auditFingerprint(db, s.audit)).toEqual(reference);
        // Both workers are still running: neither died on the cut or the refused connections.
        expect(workers.map((w) => w.child.exitCode)).toEqual([null, null]);
        await killAllSpawned();
        await close(s);
        scenarios.splice(scenarios.indexOf(s), 1);
      } finally {
        server.stop();
      }
    }, 600_000);

    it("a job that fails for good (model files deleted) marks the audit failed with the reason", async () => {
      const s = await scenario("ta_faults_gone");
      const db = s.database.db;
      // The model served from a copy of its directory, then its model.json deleted.
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), "ta-fault-model-"));
      fs.cpSync(path.join(ROOT, "public/models/mnist-cnn-0to4"), copy, { recursive: true });
      const [audit] = await db.select().from(audits).where(eq(audits.id, s.audit.auditId));
      await db
        .update(models)
        .set({ bundledPath: path.relative(ROOT, copy) })
        .where(eq(models.id, audit!.modelId));
      fs.rmSync(path.join(copy, "model.json"));
      spawnWorker("worker", s.database.connectionString!);
      const a = await waitForAudit(db, s.audit.auditId, AUDIT_TIMEOUT);
      expect(a.status).toBe("failed");
      // audits.error is what the dashboard's progress panel shows in its alert when status is failed
      // (app/(dashboard)/audits/[id]/_components/progress-view.tsx).
      expect(a.error).toMatch(
        /^embedding failed: model mnist-cnn-0to4: model\.json is missing from .*ta-fault-model-/,
      );
      // A permanent error is not retried: each shard job that ran did so once.
      const ran = (await shardJobs(db, s.audit.auditId)).filter((j) => j.status === "failed");
      expect(ran.length).toBeGreaterThan(0);
      for (const j of ran) expect(j.attempts).toBe(1);
      fs.rmSync(copy, { recursive: true, force: true });
    }, 360_000);

    it("three workers produce exactly what one produced, and share the shards", async () => {
      const s = await scenario("ta_faults_many");
      const db = s.database.db;
      for (const n of [1, 2, 3]) spawnWorker(`worker ${n}`, s.database.connectionString!);
      const a = await waitForAudit(db, s.audit.auditId, AUDIT_TIMEOUT);
      expect(a.error).toBeNull();
      expect(a.status).toBe("done");
      expect(await shardCoverageProblems(db, s.audit)).toEqual([]);
      expect(await auditFingerprint(db, s.audit)).toEqual(reference);
      const byWorker = new Set((await shardJobs(db, s.audit.auditId)).map((j) => workerPid(j.workerId)));
      expect(byWorker.size).toBeGreaterThanOrEqual(2);
    }, 360_000);
  },
);
