import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { auditHeader, isUuid } from "@/db/queries/reports";
import { requireUser } from "@/lib/auth/guard";
import { renderPdf } from "@/lib/reports/pdf";
import { HttpError, respond } from "../../../_lib/respond";

export const dynamic = "force-dynamic";
export const maxDuration = 120;

/**
 * The report as PDF: headless Chromium opens this app's own report page (print view, the caller's
 * cookies, so it sees what the caller may see) on the loopback address and prints it.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond("PDF export", async () => {
    await requireUser("viewer");
    const { id } = await ctx.params;
    if (!isUuid(id)) throw new HttpError(404, "no such audit");
    const audit = await auditHeader(await getDb(), id);
    if (!audit) throw new HttpError(404, "no such audit");
    if (audit.status !== "done") throw new HttpError(409, "the audit has not finished: nothing to print yet");
    const port = process.env.PORT ?? "3000";
    const jar = await cookies();
    const pdf = await renderPdf({
      url: `http://localhost:${port}/audits/${id}?print=1`,
      cookies: jar.getAll().map((c) => ({ name: c.name, value: c.value })),
    });
    const name = audit.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "audit";
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${name}-${id.slice(0, 8)}.pdf"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
