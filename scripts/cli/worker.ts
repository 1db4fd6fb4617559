import { closeDatabase, getDatabase } from "@/db/client";
import { env } from "@/lib/env";
import { startQueue, stopQueue } from "@/lib/jobs/instance";

/**
 * A standalone worker: takes jobs from the shared PostgreSQL until SIGTERM, then lets the running
 * job finish (or hand itself back) before exiting. Run as many as you like, on any machine.
 */
export async function runWorker(_argv: string[]): Promise<number> {
  if (!env().DATABASE_URL && !env().POSTGRES_URL) {
    console.error(
      "worker: no DATABASE_URL set. On the embedded default the app runs its own worker; standalone workers need a shared PostgreSQL (set DATABASE_URL).",
    );
    return 2;
  }
  const database = await getDatabase();
  const queue = await startQueue({ work: true });
  console.log(`[worker] ${queue.workerId} taking jobs from ${database.driver}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`[worker] ${signal}: finishing the current job`);
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  await stopQueue();
  await closeDatabase();
  console.log("[worker] stopped");
  return 0;
}
