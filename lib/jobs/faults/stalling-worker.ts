/**
 * A real worker (the CLI's `worker` command, every job type registered) whose embedding shards
 * stall after their first slice, as a long shard on a slow machine would: the model has run,
 * nothing is saved yet. The fault test kills it with SIGKILL there, mid-shard.
 * Run: node --import tsx lib/jobs/faults/stalling-worker.ts (DATABASE_URL set).
 */
import "@/lib/jobs/all";
import { runWorker } from "@/scripts/cli/worker";
import { embedShard } from "../embed-shard";
import { registerJob } from "../registry";

registerJob({
  ...embedShard,
  async handler(payload: Parameters<typeof embedShard.handler>[0], ctx) {
    await embedShard.handler(payload, {
      ...ctx,
      async progress(done, total, stage) {
        await ctx.progress(done, total, stage);
        if (done < total) {
          console.log(`[stalling-worker] stalled mid-shard at ${done}/${total}`);
          await new Promise<never>(() => {}); // until killed
        }
      },
    });
  },
});

process.exitCode = await runWorker([]);
