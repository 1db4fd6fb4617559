import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { assembleReport } from "@/lib/reports/assemble";
import { fmtDate } from "@/lib/reports/numbers";
import { clientIp, resolveShareToken } from "@/lib/reports/share";
import { takeHandedShare } from "@/lib/reports/share-handoff";
import { ReportView } from "../../_components/report/report-view";
import { PrintButton } from "./print-button";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Shared audit report",
  // The token is in the URL: keep it out of Referer headers and search engines.
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

/**
 * A report opened with a share token: read-only, no navigation, no links out. Every refusal
 * (unknown, malformed, expired, revoked, rate-limited) is the same 404. Deliberately no
 * loading.tsx here: a Suspense boundary would start streaming with status 200 before the token
 * is checked, and the refusal would then arrive as a 200.
 */
export default async function SharedReport({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const db = await getDb();
  const h = await headers();
  // The app server may have resolved the token already (lib/reports/share-handoff.ts).
  const handed = takeHandedShare(h, token);
  const link =
    handed !== undefined ? handed : await resolveShareToken(db, token, clientIp(h), { touch: true });
  if (!link) notFound();
  const report = await assembleReport(db, link.auditId);
  if (report?.audit.status !== "done") notFound();
  // The trail names reviewers: it stays in the dashboard.
  const shared = { ...report, trail: [] };
  return (
    <div className="mx-auto max-w-6xl px-4 py-6">
      <div className="no-print mb-4 flex flex-wrap items-center gap-3 rounded border border-slate-200 bg-white px-4 py-2 text-xs text-muted">
        <span>
          <b className="text-ink">Transfer Audit</b> · read-only shared report
          {link.expiresAt ? ` · this link expires ${fmtDate(link.expiresAt)}` : ""}
        </span>
        <span className="ml-auto">
          <PrintButton />
        </span>
      </div>
      <main id="main">
        <ReportView
          report={shared}
          mode="share"
          thumbnail={(sid) => `/share/${encodeURIComponent(token)}/thumbnail/${sid}`}
        />
      </main>
    </div>
  );
}
