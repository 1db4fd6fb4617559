import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { PermanentJobError } from "./errors";
import { JobQueue } from "./queue";
import { jobByKey } from "./records";
import { registerJob } from "./registry";
import { defineJob } from "./types";

// Test-only job types: a counter that reports progress, one that fails once then succeeds,
// and one that fails permanently.
const attemptsByKey = new Map<string, number>();

registerJob(
  defineJob({
    type: "test.count",
    payload: z.object({ upTo: z.number().int().positive() }),
    async handler({ upTo }, ctx) {
      for (let i = 1; i <= upTo; i++) {
        await ctx.progress(i, upTo, "counting");
        await ctx.log(`counted ${i}`);
      }
    },
  }),
);
registerJob(
  defineJob({
    type: "test.flaky",
    payload: z.object({ name: z.string() }),
    retryLimit: 2,
    retryDelaySeconds: 1,
    async handler({ name }) {
      const n = (attemptsByKey.get(name) ?? 0) + 1;
      attemptsByKey.set(name, n);
      if (n === 1) throw new Error("transient: first attempt always fails");
    },
  }),
);
registerJob(
  defineJob({
    type: "test.doomed",
    payload: z.object({}),
    retryLimit: 3,
    async handler() {
      throw new PermanentJobError("the model file is gone");
    },
  }),
);

async function waitFor(database: TestDatabase, key: string, states: string[], timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rec = await jobByKey(database.db, key);
    if (rec && states.includes(rec.status)) return rec;
    if (Date.now() > until) throw new Error(`job ${key} still ${rec?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

for (const driver of testDrivers()) {
  describe(`job queue on ${driver.name}`, () => {
    let database: TestDatabase;
    let queue: JobQueue;
    beforeAll(async () => {
      database = await driver.open();
      queue = await JobQueue.start(database, {
        work: true,
        pollingIntervalSeconds: 0.5,
        types: ["test.count", "test.flaky", "test.doomed"],
      });
    });
    afterAll(async () => {
      await queue?.stop(5000);
      await database?.destroy();
    });

    it("runs a job to the end, recording progress and a readable log", async () => {
      await queue.enqueue("test.count", { upTo: 3 }, { key: `count-${driver.name}` });
      const rec = await waitFor(database, `count-${driver.name}`, ["done", "failed"]);
      expect(rec.status).toBe("done");
      expect([rec.done, rec.total, rec.stage]).toEqual([3, 3, "counting"]);
      const logs = await database.executeSql("select message from job_logs where job_id = $1 order by id", [
        rec.id,
      ]);
      expect(logs.rows.map((r) => r.message)).toEqual(["counted 1", "counted 2", "counted 3"]);
    });

    it("retries a transient failure with backoff and then succeeds", async () => {
      const key = `flaky-${driver.name}`;
      await queue.enqueue("test.flaky", { name: key }, { key });
      const rec = await waitFor(database, key, ["done", "failed"]);
      expect(rec.status).toBe("done");
      expect(rec.attempts).toBe(2);
      expect(attemptsByKey.get(key)).toBe(2);
    });

    it("fails a malformed payload at once, without retry, saying why", async () => {
      const key = `bad-${driver.name}`;
      await queue.enqueue("test.count", { upTo: "three" }, { key });
      const rec = await waitFor(database, key, ["done", "failed"]);
      expect(rec.status).toBe("failed");
      expect(rec.attempts).toBe(1);
      expect(rec.error).toMatch(/malformed payload for test.count: upTo: .*number/i);
    });

    it("does not retry a permanent failure", async () => {
      const key = `doomed-${driver.name}`;
      await queue.enqueue("test.doomed", {}, { key });
      const rec = await waitFor(database, key, ["failed"]);
      expect(rec.attempts).toBe(1);
      expect(rec.error).toBe("the model file is gone");
    });

    it("does not run a finished job again when it is sent twice", async () => {
      const key = `count-${driver.name}`;
      const before = await jobByKey(database.db, key);
      await queue.enqueue("test.count", { upTo: 3 }, { key });
      await new Promise((r) => setTimeout(r, 1500));
      const after = await jobByKey(database.db, key);
      expect(after?.attempts).toBe(before?.attempts);
      const logs = await database.executeSql("select count(*)::int as n from job_logs where job_id = $1", [
        after?.id,
      ]);
      expect(logs.rows[0]?.n).toBe(3);
    });
  });
}
