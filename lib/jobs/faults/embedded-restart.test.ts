/**
 * The app killed (SIGKILL) mid-audit on the embedded default (PGlite in a data directory), then
 * started again on the same directory: the audit resumes from the shards already finished. Shards
 * stored before the kill keep their row ids and timestamps (not recomputed), their jobs are not run
 * again, and the audit completes with every sample embedded once. Needs no server: PGlite only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { audits, embeddingShards } from "@/db/schema";
import {
  type DigitsAudit,
  killAllSpawned,
  seedDigitsAudit,
  shardCoverageProblems,
  shardJobs,
  spawnEmbeddedApp,
  waitFor,
} from "./harness";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ta-embedded-restart-"));
const url = `pglite:${path.join(dataDir, "pglite")}`;

/** Opens the data directory in this process (the app must be stopped: one process per directory). */
async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>["db"]) => Promise<T>): Promise<T> {
  const database = await openDatabase({ url });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

function shardsDone(output: string, auditId: string): number {
  return output
    .split("\n")
    .filter((l) => l.includes(`embed.shard embed:${auditId}:`) && l.includes(" done in ")).length;
}

describe("app restarted mid-audit on the embedded database", () => {
  afterAll(async () => {
    await killAllSpawned();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("resumes from the last finished shard after a SIGKILL", async () => {
    // 100 digits a side in shards of 16: 7 shards a side, 28 shard jobs, about a second each.
    const audit: DigitsAudit = await withDb((db) => seedDigitsAudit(db, 20, 16));
    expect(audit.shardJobs).toBe(28);

    // First start: the boot's resume sweep finds the queued audit and plans it.
    const first = spawnEmbeddedApp("app (first start)", dataDir);
    await waitFor("8 shards to finish", async () => shardsDone(first.output(), audit.auditId) >= 8, 180_000);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBeNull();

    const before = await withDb(async (db) => {
      const [a] = await db.select().from(audits).where(eq(audits.id, audit.auditId));
      const rows = await db.select().from(embeddingShards);
      const done = (await shardJobs(db, audit.auditId)).filter((j) => j.status === "done");
      return { audit: a!, rows, done };
    });
    // Killed in the middle of embedding: some shards stored, not all.
    expect(before.audit.status).toBe("running");
    expect(before.done.length).toBeGreaterThanOrEqual(8);
    expect(before.done.length).toBeLessThan(audit.shardJobs);
    expect(before.rows.length).toBeGreaterThan(0);
    expect(before.rows.length).toBeLessThan(audit.shardRows);

    const second = spawnEmbeddedApp("app (restarted)", dataDir);
    await waitFor(
      "the restarted app to finish the audit",
      async () => second.output().includes(`audit.stage stage:${audit.auditId}:report done`),
      300_000,
      500,
    );
    second.child.kill("SIGTERM"); // graceful: finishes, closes the database, releases the lock
    expect(await second.exited).toBe(0);

    await withDb(async (db) => {
      const [a] = await db.select().from(audits).where(eq(audits.id, audit.auditId));
      expect(a?.error).toBeNull();
      expect(a?.status).toBe("done");
      const rows = await db.select().from(embeddingShards);
      expect(rows.length).toBe(audit.shardRows); // (3 + 2 layers) x 7 shards x 2 sides
      expect(await shardCoverageProblems(db, audit)).toEqual([]);
      // Shards stored before the kill were not recomputed: same rows, same creation times.
      const now = new Map(rows.map((r) => [r.id, r]));
      for (const r of before.rows) {
        expect(now.get(r.id)?.createdAt.getTime()).toBe(r.createdAt.getTime());
        expect(now.get(r.id)?.contentKey).toBe(r.contentKey);
      }
      // Shard jobs finished before the kill did not run again.
      const jobsNow = new Map((await shardJobs(db, audit.auditId)).map((j) => [j.key, j]));
      for (const j of before.done) {
        expect(jobsNow.get(j.key)?.attempts).toBe(j.attempts);
        expect(jobsNow.get(j.key)?.finishedAt?.getTime()).toBe(j.finishedAt?.getTime());
      }
      // The restarted app did the rest: it logged only shards the first start had not finished.
      const redone = shardsDone(second.output(), audit.auditId);
      expect(redone).toBe(audit.shardJobs - before.done.length);
    });
  }, 600_000);
});
