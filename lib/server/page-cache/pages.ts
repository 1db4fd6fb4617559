/**
 * Which requests the page cache may answer, and the slot and version of each.
 *
 * Only full-page GETs of a finished audit's report, as a browser's navigation asks for them: the
 * signed-in report page `/audits/<id>` (and its `?print=1` form), one slot per viewer, and a share
 * link `/share/<token>`, one slot per link. Client-side navigations and prefetches (RSC requests),
 * server actions, other query strings and everything else go to Next.js untouched.
 */
import type { Db } from "@/db/client";
import { isUuid } from "@/db/queries/reports";
import { clientIp, isWellFormedToken, type ResolvedShare, resolveShareToken } from "@/lib/reports/share";
import type { QueryMemo } from "./memo";

export type PageRequest =
  | { kind: "report"; auditId: string; print: boolean }
  | { kind: "share"; token: string };

/** Headers that mark a request as something other than a plain page load. */
const NOT_A_PAGE_LOAD = ["rsc", "next-action", "next-router-prefetch", "next-router-state-tree"];

export function matchPageRequest(
  method: string | undefined,
  url: string | undefined,
  headers: Record<string, string | string[] | undefined>,
): PageRequest | null {
  if (method !== "GET" || !url) return null;
  if (NOT_A_PAGE_LOAD.some((h) => headers[h] !== undefined)) return null;
  const q = url.indexOf("?");
  const pathname = q === -1 ? url : url.slice(0, q);
  const search = q === -1 ? "" : url.slice(q);
  const report = /^\/audits\/([^/]+)$/.exec(pathname);
  if (report && isUuid(report[1]!) && (search === "" || search === "?print=1")) {
    return { kind: "report", auditId: report[1]!.toLowerCase(), print: search === "?print=1" };
  }
  const share = /^\/share\/([^/]+)$/.exec(pathname);
  if (share && search === "" && isWellFormedToken(share[1]!)) return { kind: "share", token: share[1]! };
  return null;
}

export interface PageSlot {
  slot: string;
  version: string;
}

export interface ResolvedPage {
  /** Where the page may be cached, or null when this request's page must not be. */
  page: PageSlot | null;
  /** For a share link: the token's resolution, handed on to the page when Next.js renders it. */
  share?: { token: string; link: ResolvedShare | null };
}

/**
 * The slot and version of a page request. A share link's token is resolved here (rate limit,
 * expiry, revocation: lib/reports/share.ts) on every request, cached or not; a report page needs a
 * signed-in user (any role: the page itself enforces what each role sees, and that role is part of
 * the version). Anything not cacheable (refused, not signed in, audit not finished) has no slot.
 */
export async function resolvePage(
  db: Db,
  req: PageRequest,
  headers: Headers,
  memo: QueryMemo,
): Promise<ResolvedPage> {
  if (req.kind === "share") {
    const link = await resolveShareToken(db, req.token, clientIp(headers), {
      touch: true,
      find: memo.findLink,
    });
    const share = { token: req.token, link };
    if (!link) return { page: null, share };
    const v = await memo.version(db, link.auditId, { shareLinks: false });
    if (v?.status !== "done") return { page: null, share };
    return {
      page: { slot: `share:${link.linkId}`, version: `${v.version}|${link.expiresAt?.toISOString() ?? ""}` },
      share,
    };
  }
  const user = await memo.user(headers);
  if (!user) return { page: null };
  const v = await memo.version(db, req.auditId, { shareLinks: true });
  if (v?.status !== "done") return { page: null };
  return {
    page: {
      slot: `report:${req.auditId}:${req.print ? "print" : "page"}:${user.id}`,
      version: `${v.version}|${user.role}|${user.name}|${user.email}`,
    },
  };
}
