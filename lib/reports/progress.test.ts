import { describe, expect, it } from "vitest";
import { type ProgressJob, summarizeProgress } from "./progress";

const t0 = new Date("2025-01-01T00:00:00Z");
const at = (s: number) => new Date(t0.getTime() + s * 1000);

function shard(status: string, done: number, total: number, startedAt: number | null): ProgressJob {
  return {
    type: "embed.shard",
    status,
    stage: "embedding target (random)",
    done,
    total,
    error: null,
    payload: { expected: 4 },
    startedAt: startedAt === null ? null : at(startedAt),
    updatedAt: at(0),
    finishedAt: null,
  };
}

describe("summarizeProgress", () => {
  it("measures embedding by shards, throughput by samples and extrapolates the time left", () => {
    const audit = {
      status: "running",
      stage: "embed",
      error: null,
      verify: false,
      createdAt: at(-10),
      finishedAt: null,
    };
    const jobs = [
      shard("done", 256, 256, 0),
      shard("running", 64, 256, 20),
      shard("queued", 0, 0, null),
      shard("queued", 0, 0, null),
    ];
    const s = summarizeProgress(audit, jobs, at(40));
    // f = (1 + 64/256) / 4 = 0.3125; samples = 256 + 64 = 320 over 40 s = 8 samples/s;
    // time left = 40 * (1 - 0.3125) / 0.3125 = 88 s.
    expect(s.current?.fraction).toBeCloseTo(0.3125, 12);
    expect(s.current?.throughput).toBeCloseTo(8, 12);
    expect(s.current?.etaSeconds).toBeCloseTo(88, 9);
    expect(s.current?.done).toBe(1);
    expect(s.current?.total).toBe(4);
    expect(s.stages.map((x) => x.state)).toEqual([
      "done",
      "current",
      "pending",
      "pending",
      "pending",
      "skipped",
      "pending",
    ]);
    // Elapsed since the audit was created: 40 - (-10) = 50 s.
    expect(s.elapsedSeconds).toBe(50);
  });

  it("follows a later stage's step counts and marks a failure where it happened", () => {
    const audit = {
      status: "failed",
      stage: "bias",
      error: "bias failed: x",
      verify: true,
      createdAt: at(0),
      finishedAt: at(100),
    };
    const job: ProgressJob = {
      type: "audit.stage",
      status: "failed",
      stage: "bias: gender",
      done: 1,
      total: 4,
      error: "x",
      payload: { stage: "bias" },
      startedAt: at(60),
      updatedAt: at(90),
      finishedAt: at(100),
    };
    const s = summarizeProgress(audit, [job], at(500));
    expect(s.finished).toBe(true);
    expect(s.current).toBeNull();
    expect(s.stages.find((x) => x.name === "bias")?.state).toBe("failed");
    expect(s.stages.find((x) => x.name === "verify")?.state).toBe("pending");
    expect(s.failedJobs).toEqual([{ type: "audit.stage", error: "x" }]);
    // Finished: elapsed is fixed at finishedAt - createdAt = 100 s.
    expect(s.elapsedSeconds).toBe(100);
  });

  it("extrapolates a running stage from its steps", () => {
    const audit = {
      status: "running",
      stage: "measure",
      error: null,
      verify: false,
      createdAt: at(0),
      finishedAt: null,
    };
    const job: ProgressJob = {
      type: "audit.stage",
      status: "running",
      stage: "measuring conv2",
      done: 1,
      total: 3,
      error: null,
      payload: { stage: "measure" },
      startedAt: at(10),
      updatedAt: at(30),
      finishedAt: null,
    };
    const s = summarizeProgress(audit, [job], at(40));
    // 1 of 3 steps in 30 s: 30 * (2/3) / (1/3) = 60 s left.
    expect(s.current?.etaSeconds).toBeCloseTo(60, 9);
    expect(s.current?.activity).toBe("measuring conv2");
  });
});
