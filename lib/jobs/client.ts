import type { JobQueue } from "./queue";
import type { EnqueueOptions } from "./types";

/**
 * Enqueueing from pages and server actions. The queue itself is started by the server process
 * (scripts/server.ts) outside Next's bundle, so jobs run on unbundled code; the bundle only reaches
 * the running instance through globalThis and never imports the job handlers.
 */
export async function enqueueJob(
  type: string,
  payload: Record<string, unknown>,
  opts: EnqueueOptions,
): Promise<string> {
  const q = (globalThis as unknown as { __taQueue?: Promise<JobQueue> }).__taQueue;
  if (!q) {
    throw new Error(
      "The job queue is not running in this process: start the app with `npm start` (scripts/server.ts).",
    );
  }
  return (await q).enqueue(type, payload, opts);
}
