import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { sampleContent } from "@/db/queries/datasets";
import { auditArtifact } from "@/db/queries/reports";
import { clientIp, resolveShareToken } from "@/lib/reports/share";
import { thumbnailPng } from "@/lib/reports/thumbnail";
import { shareableSampleIds } from "@/lib/reports/views";

export const dynamic = "force-dynamic";

const NOT_FOUND = () => new Response("Not found", { status: 404 });

/**
 * Thumbnails on a shared report. The token must be live and the sample one the report shows (a
 * farthest target sample or one of its neighbours): a share link opens nothing else.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ token: string; sampleId: string }> }) {
  const { token, sampleId } = await ctx.params;
  try {
    if (!/^\d{1,12}$/.test(sampleId)) return NOT_FOUND();
    const db = await getDb();
    const link = await resolveShareToken(db, token, clientIp(await headers()));
    if (!link) return NOT_FOUND();
    const far = await auditArtifact(db, link.auditId, "farthest");
    if (!far || !shareableSampleIds(far.data).has(Number(sampleId))) return NOT_FOUND();
    const s = await sampleContent(db, Number(sampleId));
    if (!s?.content) return NOT_FOUND();
    const png = await thumbnailPng(s.content);
    return new Response(new Uint8Array(png), {
      headers: {
        "Content-Type": "image/png",
        "Cache-Control": "private, no-store",
        "Referrer-Policy": "no-referrer",
      },
    });
  } catch (e) {
    console.error("[share] thumbnail failed:", e);
    return new Response("Thumbnail unavailable", { status: 500 });
  }
}
