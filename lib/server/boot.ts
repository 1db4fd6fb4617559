import { closeDatabase, getDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { startQueue, stopQueue } from "@/lib/jobs/instance";
import { getJob } from "@/lib/jobs/registry";

const g = globalThis as unknown as { __taBoot?: Promise<void> };

/**
 * Server start-up: database (migrated), job queue, and on the embedded default an in-process
 * worker, since no other process may open the embedded database. On a shared Postgres the app
 * works jobs too unless TA_IN_PROCESS_WORKER=0 (then only `npm run worker` processes do).
 */
export function bootServer(): Promise<void> {
  if (!g.__taBoot) {
    g.__taBoot = (async () => {
      const database = await getDatabase();
      const work = database.driver === "pglite" || env().TA_IN_PROCESS_WORKER === "1";
      const queue = await startQueue({ work });
      console.log(`[boot] database: ${database.driver}; in-process worker: ${work ? "on" : "off"}`);
      const { resumeUnfinishedAudits } = await import("@/lib/audits/resume");
      const resent = await resumeUnfinishedAudits(database.db, queue);
      if (resent) console.log(`[boot] resumed ${resent} job(s) of unfinished audits`);
      if (env().TA_SKIP_DEMO !== "1" && getJob("demo.seed")) {
        await queue.enqueue("demo.seed", {}, { key: "demo.seed:v1", priority: 10 });
      }
      const shutdown = async (signal: string) => {
        console.log(`[boot] ${signal}: finishing running jobs, then closing the database`);
        try {
          await stopQueue();
          await closeDatabase();
        } finally {
          process.exit(0);
        }
      };
      process.once("SIGTERM", () => void shutdown("SIGTERM"));
      process.once("SIGINT", () => void shutdown("SIGINT"));
    })().catch((e) => {
      g.__taBoot = undefined;
      console.error("[boot] failed:", e);
      throw e;
    });
  }
  return g.__taBoot;
}
