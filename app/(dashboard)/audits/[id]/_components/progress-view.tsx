"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { fmtDuration, pct } from "@/lib/reports/numbers";
import type { ProgressPayload } from "@/lib/reports/progress-data";

const STAGE_LABEL: Record<string, string> = {
  plan: "Plan",
  embed: "Embed",
  measure: "Measure",
  bias: "Bias",
  recommend: "Recommend",
  verify: "Verify",
  report: "Report",
};

/**
 * Live progress, polled every 2 s from /api/audits/[id]/progress. Everything shown is read from the
 * database, so a reload or a server restart picks up where the audit is. When the audit finishes
 * the page refreshes into the report.
 */
export function ProgressView({ auditId, initial }: { auditId: string; initial: ProgressPayload }) {
  const router = useRouter();
  const [data, setData] = useState(initial);
  const [stale, setStale] = useState(false);
  const refreshed = useRef(false);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const res = await fetch(`/api/audits/${auditId}/progress`, { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        const next = (await res.json()) as ProgressPayload;
        if (stop) return;
        setData(next);
        setStale(false);
        if (next.summary.finished) {
          if (next.audit.status === "done" && !refreshed.current) {
            refreshed.current = true;
            router.refresh();
          }
          return;
        }
      } catch {
        // The server may be restarting: keep polling and say so.
        if (!stop) setStale(true);
      }
      if (!stop) timer = setTimeout(tick, 2000);
    };
    if (!initial.summary.finished) timer = setTimeout(tick, 2000);
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [auditId, initial.summary.finished, router]);

  const s = data.summary;
  const c = s.current;
  return (
    <section aria-labelledby="progress-title" className="rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="progress-title" className="text-lg font-semibold">
        {data.audit.status === "failed"
          ? "The audit failed"
          : data.audit.status === "done"
            ? "Finished"
            : "Running"}
      </h2>
      <ol className="mt-4 flex flex-wrap gap-2" aria-label="Stages">
        {s.stages.map((st) => (
          <li
            key={st.name}
            data-state={st.state}
            className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ${
              st.state === "done"
                ? "bg-emerald-50 text-emerald-900 ring-emerald-200"
                : st.state === "current"
                  ? "bg-blue-600 text-white ring-blue-600"
                  : st.state === "failed"
                    ? "bg-red-600 text-white ring-red-600"
                    : st.state === "skipped"
                      ? "bg-white text-slate-400 line-through ring-slate-200"
                      : "bg-white text-slate-600 ring-slate-200"
            }`}
            aria-current={st.state === "current" ? "step" : undefined}
          >
            {STAGE_LABEL[st.name] ?? st.name}
            <span className="sr-only"> ({st.state})</span>
          </li>
        ))}
      </ol>
      {c && (
        <div className="mt-5" aria-live="polite">
          <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
            <span>
              <b>{STAGE_LABEL[c.stage] ?? c.stage}</b>
              {c.activity ? ` · ${c.activity}` : ""}
            </span>
            <span className="num text-muted" data-testid="progress-count">
              {c.done} of {c.total} {c.unit} · {pct(c.fraction, 0)}
            </span>
          </div>
          <progress
            className="mt-2 h-3 w-full overflow-hidden rounded [&::-webkit-progress-bar]:bg-slate-100 [&::-webkit-progress-value]:bg-blue-600"
            max={1}
            value={c.fraction}
            aria-label={`${STAGE_LABEL[c.stage] ?? c.stage} progress`}
          />
          <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-xs text-muted">Throughput</dt>
              <dd className="num">
                {c.throughput !== null
                  ? `${c.throughput.toFixed(c.throughput < 10 ? 1 : 0)} ${c.throughputUnit}`
                  : "measuring…"}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Time left in this stage</dt>
              <dd className="num">
                {c.etaSeconds !== null ? `about ${fmtDuration(c.etaSeconds)}` : "estimating…"}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Elapsed</dt>
              <dd className="num">{fmtDuration(s.elapsedSeconds)}</dd>
            </div>
          </dl>
        </div>
      )}
      {s.retrying > 0 && (
        <p className="mt-3 text-sm text-amber-800">{s.retrying} job(s) failed once and are being retried.</p>
      )}
      {data.audit.status === "failed" && (
        <p role="alert" className="mt-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          {data.audit.error ?? "A job failed."}
        </p>
      )}
      {stale && (
        <p role="status" className="mt-3 text-sm text-amber-800">
          Lost contact with the server; retrying every 2 seconds…
        </p>
      )}
      <h3 className="mt-6 text-sm font-semibold">Log</h3>
      <ol
        className="mt-2 max-h-72 overflow-y-auto rounded bg-slate-900 p-3 font-mono text-xs text-slate-100"
        aria-label="Job log"
        data-testid="job-log"
      >
        {data.logs.length === 0 && <li className="text-slate-400">Waiting for the first job to start…</li>}
        {data.logs.map((l) => (
          <li
            key={l.id}
            className={l.level === "error" ? "text-red-300" : l.level === "warn" ? "text-amber-300" : ""}
          >
            <span className="text-slate-400">{l.at.slice(11, 19)}</span> {l.message}
          </li>
        ))}
      </ol>
    </section>
  );
}
