import os from "node:os";
import PgBoss from "pg-boss";
import type { Database } from "@/db/client";
import { env } from "@/lib/env";
import { guardJobCompletions } from "./connection-loss";
import { isPermanent } from "./errors";
import {
  appendLog,
  jobByKey,
  markFinished,
  markRunning,
  setProgress,
  touchQueued,
  upsertJobRecord,
} from "./records";
import { allJobs, getJob } from "./registry";
import type { EnqueueOptions, JobContext, JobDefinition } from "./types";

/** What travels through pg-boss: our record's key and id beside the job's own payload. */
interface Envelope {
  key: string;
  jobId: string;
  auditId: string | null;
  /** Follow-up jobs inherit it, so a whole audit runs at the priority it was started with. */
  priority?: number;
  payload: unknown;
}

export interface QueueOptions {
  /** Take jobs in this process (the app on the embedded default; `npm run worker`). */
  work: boolean;
  workerId?: string;
  pollingIntervalSeconds?: number;
  /** Only work these types (tests). */
  types?: string[];
}

const DEFAULTS = { retryLimit: 3, retryDelaySeconds: 5, expireInSeconds: 15 * 60 };

/** The lease of a job type: TA_JOB_LEASE_SECONDS when set (fault tests), else the type's own. */
function leaseSeconds(def: JobDefinition): number {
  return env().TA_JOB_LEASE_SECONDS ?? def.expireInSeconds ?? DEFAULTS.expireInSeconds;
}

/**
 * The job queue: pg-boss over the same database as everything else. The runner validates each
 * payload (a malformed one fails at once, without retry), keeps our job record and log current,
 * retries transient failures with exponential backoff, and on stop lets running jobs finish.
 */
export class JobQueue {
  private readonly abort = new AbortController();
  private stopped = false;

  private constructor(
    readonly database: Database,
    private readonly boss: PgBoss,
    readonly workerId: string,
  ) {}

  static async start(database: Database, opts: QueueOptions): Promise<JobQueue> {
    // Expired leases are found by pg-boss's maintenance pass; it runs every 120 s unless set.
    const maintenance = env().TA_JOB_MAINTENANCE_SECONDS;
    const timing = maintenance ? { maintenanceIntervalSeconds: maintenance } : {};
    const boss =
      database.connectionString !== null
        ? new PgBoss({ connectionString: database.connectionString, max: 4, ...timing })
        : new PgBoss({ db: { executeSql: (text, values) => database.executeSql(text, values) }, ...timing });
    boss.on("error", (e: Error) => console.error(`[jobs] ${e.message}`));
    guardJobCompletions();
    await boss.start();
    const queue = new JobQueue(database, boss, opts.workerId ?? `${os.hostname()}:${process.pid}`);
    for (const def of allJobs()) await queue.ensureQueue(def);
    if (opts.work && database.driver === "pglite") await queue.handBackOrphans();
    if (opts.work) {
      for (const def of allJobs()) {
        if (opts.types && !opts.types.includes(def.type)) continue;
        const n = def.concurrency ?? 1;
        for (let i = 0; i < n; i++) {
          await boss.work<Envelope>(
            def.type,
            { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
            async ([job]) => {
              if (job) await queue.run(def, job);
            },
          );
        }
      }
    }
    return queue;
  }

  private async ensureQueue(def: JobDefinition): Promise<void> {
    await this.boss.createQueue(def.type, {
      name: def.type,
      retryLimit: def.retryLimit ?? DEFAULTS.retryLimit,
      retryDelay: def.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: leaseSeconds(def),
    });
  }

  /**
   * On the embedded default only this process can hold the database (db/lock.ts), so a job still
   * active when it starts belonged to a process that died (kill -9, power loss). Hand it back now
   * instead of after its lease (10 minutes for a shard): pg-boss fails it into its retry path.
   */
  private async handBackOrphans(): Promise<void> {
    const { rows } = await this.database.executeSql(
      "select name, id from pgboss.job where state = 'active'",
      [],
    );
    for (const r of rows) {
      await this.boss.fail(String(r.name), String(r.id), { message: "its process ended while running it" });
    }
    if (rows.length > 0)
      console.log(`[jobs] handed back ${rows.length} job(s) left running by a dead process`);
  }

  /** Records the job and sends it. A key already done is not sent again. */
  async enqueue(type: string, payload: Record<string, unknown>, opts: EnqueueOptions): Promise<string> {
    const def = getJob(type);
    if (!def) throw new Error(`unknown job type '${type}'`);
    const db = this.database.db;
    const rec = await upsertJobRecord(db, { key: opts.key, type, auditId: opts.auditId ?? null, payload });
    if (rec.status === "done") return rec.id;
    if (!rec.created) {
      // Sent before and still in flight within its lease: pg-boss has it, do not send a duplicate.
      // An older record in flight was lost (a crash between recording and sending): send it again.
      const leaseMs = leaseSeconds(def) * 1000;
      const inFlight = rec.status === "queued" || rec.status === "running" || rec.status === "retrying";
      if (inFlight && Date.now() - rec.updatedAt.getTime() < leaseMs) return rec.id;
      await touchQueued(db, rec.id);
    }
    const envelope: Envelope = {
      key: opts.key,
      jobId: rec.id,
      auditId: opts.auditId ?? null,
      priority: opts.priority ?? 0,
      payload,
    };
    await this.boss.send(type, envelope as unknown as object, {
      retryLimit: def.retryLimit ?? DEFAULTS.retryLimit,
      retryDelay: def.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: leaseSeconds(def),
      priority: opts.priority ?? 0,
    });
    return rec.id;
  }

  private async run(def: JobDefinition, job: PgBoss.JobWithMetadata<Envelope>): Promise<void> {
    const db = this.database.db;
    const env = job.data;
    const started = Date.now();
    if (!env || typeof env.jobId !== "string" || typeof env.key !== "string") {
      // Not sent through enqueue(): nothing to record against, and retrying cannot help.
      console.error(`[jobs] ${def.type} ${job.id}: malformed envelope, dropped`);
      return;
    }
    const record = await jobByKey(db, env.key);
    if (record?.status === "done") return; // a duplicate delivery of finished work
    const attempt = job.retryCount + 1;
    await markRunning(db, env.jobId, this.workerId, attempt);
    const log: JobContext["log"] = (message, level = "info", data) =>
      appendLog(db, { jobId: env.jobId, auditId: env.auditId, level, message, data });

    const parsed = def.payload.safeParse(env.payload);
    if (!parsed.success) {
      const why = parsed.error.issues
        .map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`)
        .join("; ");
      const message = `malformed payload for ${def.type}: ${why}`;
      await log(message, "error");
      await markFinished(db, env.jobId, "failed", message);
      await def.onFailed?.(env.payload as never, message, { database: this.database });
      return;
    }
    const ctx: JobContext = {
      database: this.database,
      jobId: env.jobId,
      auditId: env.auditId,
      attempt,
      signal: this.abort.signal,
      progress: (done, total, stage) => setProgress(db, env.jobId, done, total, stage),
      log,
      markDone: () => markFinished(db, env.jobId, "done"),
      enqueue: async (type, payload, opts) => {
        await this.enqueue(type, payload, { priority: env.priority ?? 0, ...opts });
      },
    };
    try {
      await def.handler(parsed.data, ctx);
      await markFinished(db, env.jobId, "done");
      console.log(`[jobs] ${def.type} ${env.key} done in ${Date.now() - started} ms (attempt ${attempt})`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const retryLimit = def.retryLimit ?? DEFAULTS.retryLimit;
      if (isPermanent(e) || job.retryCount >= retryLimit) {
        await log(`failed: ${message}`, "error");
        await markFinished(db, env.jobId, "failed", message);
        console.error(`[jobs] ${def.type} ${env.key} failed for good: ${message}`);
        await def.onFailed?.(parsed.data, message, { database: this.database });
        return; // recorded as failed; pg-boss must not retry it
      }
      await log(`attempt ${attempt} failed, will retry: ${message}`, "warn");
      await markFinished(db, env.jobId, "retrying", message);
      throw e; // pg-boss retries with backoff
    }
  }

  /** Stops taking jobs; running ones finish (or hand themselves back) within timeoutMs. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    await this.boss.stop({ graceful: true, timeout: timeoutMs, wait: true } as PgBoss.StopOptions);
  }
}
