/** The progress payload served by /api/audits/[id]/progress and rendered first by the audit page. */
import type { Db } from "@/db/client";
import { auditHeader, progressJobs, recentLogs } from "@/db/queries/reports";
import { type ProgressSummary, summarizeProgress } from "./progress";

export interface ProgressPayload {
  audit: { id: string; name: string; status: string; stage: string | null; error: string | null };
  summary: ProgressSummary;
  logs: { id: number; at: string; level: "info" | "warn" | "error"; message: string }[];
}

export async function loadProgress(db: Db, auditId: string): Promise<ProgressPayload | null> {
  const audit = await auditHeader(db, auditId);
  if (!audit) return null;
  const [jobs, logs] = await Promise.all([progressJobs(db, auditId), recentLogs(db, auditId)]);
  const summary = summarizeProgress(
    {
      status: audit.status,
      stage: audit.stage,
      error: audit.error,
      verify: audit.settings.verify,
      createdAt: audit.createdAt,
      finishedAt: audit.finishedAt,
    },
    jobs,
    new Date(),
  );
  return {
    audit: { id: audit.id, name: audit.name, status: audit.status, stage: audit.stage, error: audit.error },
    summary,
    logs: logs.map((l) => ({ id: l.id, at: l.at.toISOString(), level: l.level, message: l.message })),
  };
}
