/**
 * The live progress of an audit, summarised from our job records for the progress view (polled
 * every ~2 s through /api/audits/[id]/progress). Everything comes from the database, so the view
 * survives a page reload and a server restart.
 *
 * Embedding: the plan stage queues one `embed.shard` job per (dataset, pretrained|random, shard),
 * each carrying `expected` (their number). Fraction done f = (finished shards + Σ running
 * done/total) / expected; throughput = samples embedded / seconds since the first shard started;
 * time left = elapsed × (1 − f) / f. Later stages run as one `audit.stage` job each whose
 * done/total count steps (layers, attributes); time left is extrapolated the same way.
 */
import { AUDIT_STAGES, type AuditStage } from "@/db/schema";

export interface ProgressJob {
  type: string;
  status: string;
  stage: string | null;
  done: number;
  total: number;
  error: string | null;
  payload: Record<string, unknown>;
  startedAt: Date | null;
  updatedAt: Date;
  finishedAt: Date | null;
}

export interface ProgressAudit {
  status: string;
  stage: string | null;
  error: string | null;
  verify: boolean;
  createdAt: Date;
  finishedAt: Date | null;
}

export type StageState = "done" | "current" | "pending" | "failed" | "skipped";

export interface ProgressSummary {
  status: string;
  finished: boolean;
  error: string | null;
  stages: { name: AuditStage; state: StageState }[];
  current: {
    stage: string;
    /** What is happening, from the running job ("embedding target (random)"). */
    activity: string | null;
    done: number;
    total: number;
    unit: string;
    /** In [0, 1]. */
    fraction: number;
    /** Units per second, when measurable. */
    throughput: number | null;
    throughputUnit: string;
    etaSeconds: number | null;
  } | null;
  elapsedSeconds: number;
  failedJobs: { type: string; error: string }[];
  retrying: number;
}

const STAGE_OF_TYPE: Record<string, AuditStage> = { "audit.plan": "plan", "embed.shard": "embed" };

function stageOf(job: ProgressJob): string | null {
  if (STAGE_OF_TYPE[job.type]) return STAGE_OF_TYPE[job.type]!;
  const s = job.payload.stage;
  return typeof s === "string" ? s : null;
}

function seconds(a: Date, b: Date): number {
  return Math.max(0, (b.getTime() - a.getTime()) / 1000);
}

function eta(elapsed: number, fraction: number): number | null {
  if (!(fraction > 0) || fraction >= 1 || elapsed <= 0) return fraction >= 1 ? 0 : null;
  return (elapsed * (1 - fraction)) / fraction;
}

export function summarizeProgress(
  audit: ProgressAudit,
  jobs: readonly ProgressJob[],
  now: Date,
): ProgressSummary {
  const finished = audit.status === "done" || audit.status === "failed" || audit.status === "cancelled";
  const stageNames = AUDIT_STAGES.filter((s) => s !== "verify" || audit.verify);
  const currentIdx = audit.stage
    ? stageNames.indexOf(audit.stage as AuditStage)
    : audit.status === "queued"
      ? 0
      : -1;
  const stages = AUDIT_STAGES.map((name) => {
    let state: StageState;
    if (name === "verify" && !audit.verify) state = "skipped";
    else if (audit.status === "done") state = "done";
    else {
      const i = stageNames.indexOf(name);
      if (i < currentIdx) state = "done";
      else if (i === currentIdx)
        state = audit.status === "failed" ? "failed" : audit.status === "queued" ? "pending" : "current";
      else state = "pending";
    }
    return { name, state };
  });

  let current: ProgressSummary["current"] = null;
  const stage = audit.stage ?? (audit.status === "queued" ? "plan" : null);
  if (!finished && stage) {
    const mine = jobs.filter((j) => stageOf(j) === stage);
    if (stage === "embed") {
      const expected = Math.max(
        mine.length,
        ...mine.map((j) => (typeof j.payload.expected === "number" ? j.payload.expected : 0)),
      );
      let units = 0;
      let samples = 0;
      for (const j of mine) {
        if (j.status === "done") {
          units += 1;
          samples += j.total;
        } else if (j.status === "running" && j.total > 0) {
          units += j.done / j.total;
          samples += j.done;
        }
      }
      const starts = mine.map((j) => j.startedAt).filter((d): d is Date => d !== null);
      const first = starts.length ? new Date(Math.min(...starts.map((d) => d.getTime()))) : null;
      const elapsed = first ? seconds(first, now) : 0;
      const fraction = expected > 0 ? units / expected : 0;
      const running = mine.find((j) => j.status === "running");
      current = {
        stage,
        activity: running?.stage ?? null,
        done: mine.filter((j) => j.status === "done").length,
        total: expected,
        unit: "shards",
        fraction,
        throughput: elapsed > 0 && samples > 0 ? samples / elapsed : null,
        throughputUnit: "samples/s",
        etaSeconds: eta(elapsed, fraction),
      };
    } else {
      const job = mine.find((j) => j.status === "running") ?? mine[mine.length - 1];
      const done = job?.done ?? 0;
      const total = job?.total ?? 0;
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const elapsed = job?.startedAt ? seconds(job.startedAt, now) : 0;
      current = {
        stage,
        activity: job?.stage ?? null,
        done,
        total,
        unit: "steps",
        fraction,
        throughput: elapsed > 0 && done > 0 ? done / elapsed : null,
        throughputUnit: "steps/s",
        etaSeconds: eta(elapsed, fraction),
      };
    }
  }
  return {
    status: audit.status,
    finished,
    error: audit.error,
    stages,
    current,
    elapsedSeconds: seconds(audit.createdAt, audit.finishedAt ?? now),
    failedJobs: jobs
      .filter((j) => j.status === "failed")
      .map((j) => ({ type: j.type, error: j.error ?? "" })),
    retrying: jobs.filter((j) => j.status === "retrying").length,
  };
}
