/**
 * What a rendered report page depends on, as one short string: when it is unchanged, a page
 * rendered earlier is still the page (lib/server/page-cache). One query, a few index lookups.
 *
 * Covered: the audit row (status, review status, name, verdict, settings, timestamps), the model
 * and both dataset rows, the warnings with their review states, the reviews and the audit trail
 * (append-only: count and last id), and for the signed-in report page the audit's share links
 * (created, revoked, last used, expired by now). The page cache also bounds an entry's age, for
 * anything shown that is not listed here.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { audits } from "@/db/schema";

export interface PageVersion {
  status: string;
  version: string;
}

export async function auditPageVersion(
  db: Db,
  auditId: string,
  opts: { shareLinks: boolean },
): Promise<PageVersion | null> {
  // Qualified by hand: drizzle writes a one-table select's columns unqualified, and inside the
  // subqueries "id" would be the inner table's.
  const a = sql.raw(`"audits"`);
  const links = opts.shareLinks
    ? sql`(select count(*) || ':' || coalesce(max(l.created_at)::text, '') || ':' || coalesce(max(l.revoked_at)::text, '') || ':' || coalesce(max(l.last_used_at)::text, '') || ':' || count(*) filter (where l.expires_at <= now()) from share_links l where l.audit_id = "audits"."id")`
    : sql`''`;
  const [row] = await db
    .select({
      status: audits.status,
      version: sql<string>`md5(concat_ws('|',
        row_to_json(${a})::text,
        (select row_to_json(m)::text from models m where m.id = "audits"."model_id"),
        (select md5(row_to_json(d)::text) from datasets d where d.id = "audits"."source_dataset_id"),
        (select md5(row_to_json(d)::text) from datasets d where d.id = "audits"."target_dataset_id"),
        (select count(*) || ':' || coalesce(md5(string_agg(w.id::text || w.review_state, ',' order by w.id)), '') from warnings w where w.audit_id = "audits"."id"),
        (select count(*) || ':' || coalesce(max(r.id), 0) from reviews r where r.audit_id = "audits"."id"),
        (select count(*) || ':' || coalesce(max(e.id), 0) from audit_events e where e.audit_id = "audits"."id"),
        ${links}
      ))`,
    })
    .from(audits)
    .where(eq(audits.id, auditId));
  return row ?? null;
}
