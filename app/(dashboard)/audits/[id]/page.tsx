import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { isUuid, listShareLinks } from "@/db/queries/reports";
import type { ReviewStatus } from "@/db/schema";
import { requireUser } from "@/lib/auth/guard";
import { assembleReport } from "@/lib/reports/assemble";
import { fmtDate, humanize } from "@/lib/reports/numbers";
import { loadProgress } from "@/lib/reports/progress-data";
import { allowedTransitions } from "@/lib/reports/review";
import { ReportView } from "../../../_components/report/report-view";
import { Section } from "../../../_components/report/ui";
import { ProgressView } from "./_components/progress-view";
import { ReviewStatusForm } from "./_components/review-status";
import { type ShareLinkRow, SharePanel } from "./_components/share-panel";
import { WarningReview } from "./_components/warning-review";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }>; searchParams: Promise<{ print?: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  if (!isUuid(id)) return { title: "Audit" };
  const progress = await loadProgress(await getDb(), id);
  return { title: progress?.audit.name ?? "Audit" };
}

const ACTION_TEXT: Record<string, string> = {
  created: "created the audit",
  warning_review: "reviewed a warning",
  review_status: "changed the review status",
  share_created: "created a share link",
  share_revoked: "revoked a share link",
};

export default async function AuditPage({ params, searchParams }: Params) {
  const user = await requireUser("viewer");
  const { id } = await params;
  const print = (await searchParams).print === "1";
  if (!isUuid(id)) notFound();
  const db = await getDb();
  const progress = await loadProgress(db, id);
  if (!progress) notFound();

  if (progress.audit.status !== "done") {
    return (
      <div className="space-y-6">
        <header>
          <p className="text-xs font-semibold uppercase tracking-wide text-muted">Audit</p>
          <h1 className="text-2xl font-bold">{progress.audit.name}</h1>
        </header>
        <ProgressView auditId={id} initial={progress} />
      </div>
    );
  }

  const [report, links] = await Promise.all([assembleReport(db, id), listShareLinks(db, id)]);
  if (!report) notFound();
  const now = Date.now();
  const shareRows: ShareLinkRow[] = links.map((l) => ({
    id: l.id,
    label: l.label,
    createdAt: l.createdAt.toISOString(),
    expiresAt: l.expiresAt?.toISOString() ?? null,
    revokedAt: l.revokedAt?.toISOString() ?? null,
    lastUsedAt: l.lastUsedAt?.toISOString() ?? null,
    createdBy: l.createdBy,
    state: l.revokedAt ? "revoked" : l.expiresAt && l.expiresAt.getTime() <= now ? "expired" : "active",
  }));
  const canReview = user.role !== "viewer";
  const transitions = allowedTransitions(report.audit.reviewStatus as ReviewStatus, user.role).map((t) => ({
    to: t.to,
    verb: t.verb,
  }));
  const history = new Map<number, typeof report.trail>();
  for (const e of report.trail) {
    const wid = (e.detail as { warningId?: number } | null)?.warningId;
    if (e.action === "warning_review" && typeof wid === "number") {
      if (!history.has(wid)) history.set(wid, []);
      history.get(wid)!.push(e);
    }
  }

  const panels = print ? null : (
    <div className="no-print grid gap-4 lg:grid-cols-2">
      <Section
        id="review"
        title="Review"
        intro={
          <>
            Status: <b data-testid="review-status-panel">{humanize(report.audit.reviewStatus)}</b>. Reviewers
            mark each warning acknowledged, mitigated or blocking; an audit with a blocking or unreviewed
            high-severity warning cannot be approved.
          </>
        }
      >
        <ReviewStatusForm auditId={id} transitions={transitions} />
        <h3 className="mt-4 text-sm font-semibold">Audit trail</h3>
        <ol className="mt-2 max-h-64 space-y-1 overflow-y-auto text-xs" data-testid="audit-trail">
          {[...report.trail].reverse().map((e, i) => {
            const d = (e.detail ?? {}) as { title?: string; comment?: string; label?: string };
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the trail is append-only and shown in order
              <li key={i} className="border-b border-slate-100 pb-1">
                <span className="text-muted">{fmtDate(e.at)}</span> · <b>{e.actor ?? "system"}</b>{" "}
                {ACTION_TEXT[e.action] ?? e.action}
                {d.title ? ` “${d.title}”` : ""}
                {e.from || e.to ? (
                  <>
                    {" "}
                    ({e.from ? humanize(e.from) : "—"} → {e.to ? humanize(e.to) : "—"})
                  </>
                ) : null}
                {d.comment ? <span className="block text-muted">“{d.comment}”</span> : null}
              </li>
            );
          })}
        </ol>
      </Section>
      <Section
        id="share"
        title="Share and export"
        intro="A share link shows this report, read-only and nothing else, to anyone holding it, without signing in. It can expire and be revoked at any time."
      >
        <div className="mb-4 flex flex-wrap gap-2 text-sm">
          <a
            href={`/api/audits/${id}/report.pdf`}
            className="rounded border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-50"
            data-testid="download-pdf"
          >
            Download PDF
          </a>
          <a
            href={`/api/audits/${id}/export.json`}
            className="rounded border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-50"
            data-testid="download-json"
          >
            Download JSON (every number)
          </a>
        </div>
        {user.role === "editor" || user.role === "admin" ? (
          <SharePanel auditId={id} links={shareRows} />
        ) : (
          <p className="text-sm text-muted">Editors create and revoke share links.</p>
        )}
      </Section>
    </div>
  );

  return (
    <ReportView
      report={report}
      mode="dashboard"
      print={print}
      thumbnail={(sid) => `/api/samples/${sid}/thumbnail`}
      panels={panels}
      warningActions={(w) => {
        const h = history.get(w.id) ?? [];
        return (
          <>
            {h.length > 0 && (
              <ul className="mt-2 space-y-0.5 border-l-2 border-slate-200 pl-2 text-xs text-muted">
                {h.map((e, i) => {
                  const d = (e.detail ?? {}) as { decision?: string; comment?: string };
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: append-only history
                    <li key={i}>
                      {fmtDate(e.at)} · {e.actor ?? "unknown"}: {d.decision}
                      {d.comment ? ` — “${d.comment}”` : ""}
                    </li>
                  );
                })}
              </ul>
            )}
            {canReview && !print && <WarningReview auditId={id} warningId={w.id} title={w.title} />}
          </>
        );
      }}
    />
  );
}
