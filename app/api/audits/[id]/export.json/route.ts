import { getDb } from "@/db/client";
import { isUuid } from "@/db/queries/reports";
import { requireUser } from "@/lib/auth/guard";
import { assembleReport } from "@/lib/reports/assemble";
import { HttpError, respond } from "../../../_lib/respond";

export const dynamic = "force-dynamic";

/** Every number of the report as JSON (the same object the report page renders). */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond("JSON export", async () => {
    await requireUser("viewer");
    const { id } = await ctx.params;
    if (!isUuid(id)) throw new HttpError(404, "no such audit");
    const report = await assembleReport(await getDb(), id);
    if (!report) throw new HttpError(404, "no such audit");
    const name = report.audit.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "audit";
    return new Response(JSON.stringify(report, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${name}-${id.slice(0, 8)}.json"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
