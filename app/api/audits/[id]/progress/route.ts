import { getDb } from "@/db/client";
import { isUuid } from "@/db/queries/reports";
import { requireUser } from "@/lib/auth/guard";
import { loadProgress } from "@/lib/reports/progress-data";
import { HttpError, respond } from "../../../_lib/respond";

export const dynamic = "force-dynamic";

/** Progress of an audit as JSON; the progress view polls it every ~2 s. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond("progress", async () => {
    await requireUser("viewer");
    const { id } = await ctx.params;
    if (!isUuid(id)) throw new HttpError(404, "no such audit");
    const p = await loadProgress(await getDb(), id);
    if (!p) throw new HttpError(404, "no such audit");
    return Response.json(p, { headers: { "Cache-Control": "no-store" } });
  });
}
