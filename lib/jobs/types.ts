import type { z } from "zod";
import type { Database } from "@/db/client";

/** What a handler gets besides its payload: where to report, and when to stop. */
export interface JobContext {
  database: Database;
  jobId: string;
  auditId: string | null;
  attempt: number;
  /** Aborted on SIGTERM: finish the current unit, then return or throw to hand the job back. */
  signal: AbortSignal;
  progress(done: number, total: number, stage?: string): Promise<void>;
  log(message: string, level?: "info" | "warn" | "error", data?: Record<string, unknown>): Promise<void>;
  /**
   * Record this job as done before the handler returns: a fan-in ("was I the last shard?") must
   * count itself, and two jobs finishing at once must both see each other.
   */
  markDone(): Promise<void>;
  /** Enqueue a follow-up job (same database, same queue system). */
  enqueue<P extends Record<string, unknown>>(type: string, payload: P, opts: EnqueueOptions): Promise<void>;
}

export interface EnqueueOptions {
  /** Deterministic key: a job sent twice with the same key is one record and runs once. */
  key: string;
  auditId?: string | null;
  /** Higher runs first. */
  priority?: number;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  payload: S;
  handler(payload: z.infer<S>, ctx: JobContext): Promise<void>;
  /** Retries after a transient failure, with exponential backoff from retryDelaySeconds. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /**
   * The lease: a job active longer than this (its worker died) is handed to another worker.
   * Long handlers must fit inside it.
   */
  expireInSeconds?: number;
  /** How many of this type one process runs at once. */
  concurrency?: number;
  /** Called when the job fails for good (permanent error or retries exhausted). */
  onFailed?(payload: z.infer<S>, error: string, ctx: { database: Database }): Promise<void>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
