import { getDb } from "@/db/client";
import { sampleContent } from "@/db/queries/datasets";
import { requireUser } from "@/lib/auth/guard";
import { thumbnailPng } from "@/lib/reports/thumbnail";
import { HttpError, respond } from "../../../_lib/respond";

export const dynamic = "force-dynamic";

/** A sample's image as a PNG thumbnail of at most 96 px. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond("thumbnail", async () => {
    await requireUser("viewer");
    const { id } = await ctx.params;
    if (!/^\d{1,12}$/.test(id)) throw new HttpError(404, "no such sample");
    const s = await sampleContent(await getDb(), Number(id));
    if (!s?.content || (s.mime && !s.mime.startsWith("image/")))
      throw new HttpError(404, "no image for this sample");
    const png = await thumbnailPng(s.content);
    return new Response(new Uint8Array(png), {
      headers: { "Content-Type": "image/png", "Cache-Control": "private, max-age=3600" },
    });
  });
}
