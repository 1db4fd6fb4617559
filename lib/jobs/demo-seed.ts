import { z } from "zod";
import { seedDemo } from "@/lib/audits/demo";
import { registerJob } from "./registry";
import { defineJob } from "./types";

/** First start: bundled models, demo datasets and demo audits, then the audits' pipelines. */
export const demoSeed = defineJob({
  type: "demo.seed",
  payload: z.object({}),
  retryLimit: 2,
  async handler(_p, ctx) {
    const created = await seedDemo(ctx.database.db, (m) => ctx.log(m));
    let i = 0;
    for (const audit of created) {
      // Below the default priority: an audit a user starts runs before the demo's remaining work.
      await ctx.enqueue(
        "audit.plan",
        { auditId: audit.id },
        { key: `plan:${audit.id}`, auditId: audit.id, priority: -10 },
      );
      await ctx.progress(++i, created.length, "queueing demo audits");
    }
    await ctx.log(`demo ready: ${created.length} demo audit(s) queued`);
  },
});

registerJob(demoSeed);
