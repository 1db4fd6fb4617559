/**
 * Read-only share links for a report.
 *
 * - Token: 32 bytes from `crypto.randomBytes` (256 bits) as base64url, shown once to its creator.
 * - Only sha256(token) is stored (`share_links.tokenHash`), so a database leak reveals no link.
 * - Lookup by the hash, then a constant-time comparison of the stored and computed hashes
 *   (`crypto.timingSafeEqual`). The indexed lookup itself leaks nothing useful: an attacker cannot
 *   steer the sha256 of a guess towards a stored hash's prefix.
 * - Expiry and revocation are checked in the same query on every request, so they take effect at
 *   once; a wrong, expired, revoked or malformed token and a rate-limited caller all get the same
 *   answer (`null` -> the same 404).
 * - Rate limit per IP (lib/reports/rate-limit.ts, in memory): 3000 database lookups with 100
 *   more per second, and 10 failed lookups with one more every 6 s; an IP that used up its
 *   failures is refused until they refill, even with a right token. The lookup budget is sized for
 *   a team behind one address (a report page and its ~50 thumbnails are one burst per reader) and
 *   counts only lookups that reach the database: a link the page cache already checked while
 *   nothing was written costs none, so many readers of one link behind one address are not turned
 *   away (issue 10's load). Guessing is what the failure budget stops.
 * - `lastUsedAt` is written at most once a minute per link (a busy link would otherwise be a
 *   write per reader).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import {
  findLiveShareLink,
  insertShareLink,
  isUuid,
  revokeShareLinkRow,
  touchShareLink,
} from "@/db/queries/reports";
import { TokenBuckets } from "./rate-limit";

const TOKEN_BYTES = 32;
/** `lastUsedAt` is a minute-resolution "last opened", not a log. */
export const TOUCH_EVERY_MS = 60_000;
/** base64url of 32 bytes: 43 characters, no padding. */
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export function newShareToken(): { token: string; hash: string } {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, hash: hashShareToken(token) };
}

export function hashShareToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN_RE.test(token);
}

/**
 * The link shown to the editor: the configured public origin (`publicBaseUrl()`, from
 * BETTER_AUTH_URL) and the token. Never built from the request's Host or X-Forwarded-Host, which a
 * client can forge (host-header injection would hand out links to another site).
 */
export function shareUrl(origin: string, token: string): string {
  if (!isWellFormedToken(token)) throw new Error("share token: not 43 base64url characters");
  return new URL(`/share/${token}`, new URL(origin).origin).href;
}

/** Constant-time: does `token` hash to `storedHash` (hex)? */
export function tokenMatches(token: string, storedHash: string): boolean {
  const a = createHash("sha256").update(token, "utf8").digest();
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

interface Limiters {
  lookups: TokenBuckets;
  failures: TokenBuckets;
}

// On globalThis: Next bundles pages and route handlers separately, and all must share one budget.
const g = globalThis as unknown as { __taShareLimiters?: Limiters };
function limiters(): Limiters {
  if (!g.__taShareLimiters) {
    g.__taShareLimiters = {
      lookups: new TokenBuckets({ capacity: 3000, refillPerSecond: 100 }),
      failures: new TokenBuckets({ capacity: 10, refillPerSecond: 1 / 6 }),
    };
  }
  return g.__taShareLimiters;
}

/** Replaces the limiters (tests). */
export function setShareLimiters(l: Limiters | undefined): void {
  g.__taShareLimiters = l;
}

export interface ResolvedShare {
  linkId: number;
  auditId: string;
  expiresAt: Date | null;
}

/** A live-link lookup that may answer from memory (lib/server/page-cache/memo.ts). */
export type LinkLookup = (
  db: Db,
  tokenHash: string,
) => Promise<{ row: Awaited<ReturnType<typeof findLiveShareLink>>; fromMemory: boolean }>;

const fromDatabase: LinkLookup = async (db, tokenHash) => ({
  row: await findLiveShareLink(db, tokenHash),
  fromMemory: false,
});

/**
 * The audit a share token opens, or null for every kind of refusal (unknown, malformed, expired,
 * revoked, rate-limited): callers answer all of them with the same 404.
 *
 * The lookup budget is spent by lookups that reach the database (what it protects); an answer
 * the page cache remembered costs none. Every wrong token spends the failure budget, remembered
 * or not.
 */
export async function resolveShareToken(
  db: Db,
  token: string,
  ip: string,
  opts: {
    touch?: boolean;
    /** The live-link lookup (the page cache passes one that remembers answers while nothing is written). */
    find?: LinkLookup;
  } = {},
): Promise<ResolvedShare | null> {
  const { lookups, failures } = limiters();
  if (!failures.has(ip) || !lookups.has(ip)) return null;
  if (!isWellFormedToken(token)) {
    lookups.take(ip);
    failures.take(ip);
    return null;
  }
  const { row: link, fromMemory } = await (opts.find ?? fromDatabase)(db, hashShareToken(token));
  if (!fromMemory) lookups.take(ip);
  if (!link || !tokenMatches(token, link.tokenHash)) {
    failures.take(ip);
    return null;
  }
  if (opts.touch && !(link.lastUsedAt && Date.now() - link.lastUsedAt.getTime() < TOUCH_EVERY_MS)) {
    await touchShareLink(db, link.id);
  }
  return { linkId: link.id, auditId: link.auditId, expiresAt: link.expiresAt };
}

/** Creates a link and returns its token: the only time the token exists outside the browser. */
export async function createShareLink(
  db: Db,
  input: { auditId: string; label: string | null; expiresAt: Date | null; createdBy: string | null },
): Promise<{ id: number; token: string }> {
  if (!isUuid(input.auditId)) throw new Error(`auditId: not an audit id: ${input.auditId}`);
  if (input.expiresAt && !(input.expiresAt.getTime() > Date.now())) {
    throw new Error("expiresAt: must be in the future");
  }
  const { token, hash } = newShareToken();
  const row = await insertShareLink(db, { ...input, tokenHash: hash });
  return { id: row.id, token };
}

export async function revokeShareLink(db: Db, id: number, auditId: string): Promise<boolean> {
  return revokeShareLinkRow(db, id, auditId);
}

/** The caller's IP for rate limiting: the address the nearest proxy (or Next's server) recorded last. */
export function clientIp(headers: Headers): string {
  const xff = headers.get("x-forwarded-for");
  if (xff) {
    const parts = xff
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const last = parts[parts.length - 1];
    if (last) return last;
  }
  return headers.get("x-real-ip") ?? "unknown";
}
