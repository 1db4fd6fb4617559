import { type Database, getDatabase } from "@/db/client";
import "./all";
import { JobQueue, type QueueOptions } from "./queue";

/** The process-wide queue, on globalThis so every Next.js module graph sees the same one. */
const g = globalThis as unknown as { __taQueue?: Promise<JobQueue> };

export function startQueue(opts: QueueOptions, database?: Database): Promise<JobQueue> {
  if (!g.__taQueue) {
    g.__taQueue = (async () => JobQueue.start(database ?? (await getDatabase()), opts))().catch((e) => {
      g.__taQueue = undefined;
      throw e;
    });
  }
  return g.__taQueue;
}

/** The queue for enqueueing from pages and actions (started by the server boot). */
export function getQueue(): Promise<JobQueue> {
  return startQueue({ work: false });
}

export async function stopQueue(): Promise<void> {
  const q = g.__taQueue;
  g.__taQueue = undefined;
  if (q) await (await q).stop();
}
