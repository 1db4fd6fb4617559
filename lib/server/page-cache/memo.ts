/**
 * Answers of the page cache's per-request queries, kept while the embedded database's write
 * counter stands still (db/write-generation.ts): with nothing written, the share link, the session
 * and the page's version are what they were. Time still counts: a remembered share link or session
 * is only used before its own expiry, and a session for at most SESSION_MS in any case.
 *
 * Without a counter (PostgreSQL, where other processes write) nothing is remembered.
 */
import type { Db } from "@/db/client";
import { auditPageVersion, type PageVersion } from "@/db/queries/page-version";
import { findLiveShareLink } from "@/db/queries/reports";
import type { Auth } from "@/lib/auth/auth";
import { type SessionUser, sessionOf } from "@/lib/auth/session";
import type { LinkLookup } from "@/lib/reports/share";

const SESSION_MS = 10_000;
/** Entries per map before the oldest are dropped (a flood of distinct cookies or tokens). */
const MAX_ENTRIES = 10_000;

type ShareRow = Awaited<ReturnType<typeof findLiveShareLink>>;

interface Kept<T> {
  generation: number;
  at: number;
  value: T;
}

class Remembered<T> {
  private readonly map = new Map<string, Kept<T>>();
  get(key: string, generation: number, valid: (k: Kept<T>) => boolean): T | undefined {
    const k = this.map.get(key);
    if (!k) return undefined;
    if (k.generation !== generation || !valid(k)) {
      this.map.delete(key);
      return undefined;
    }
    return k.value;
  }
  set(key: string, generation: number, value: T): void {
    if (this.map.size >= MAX_ENTRIES) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, { generation, at: Date.now(), value });
  }
}

export class QueryMemo {
  private readonly links = new Remembered<ShareRow>();
  private readonly sessions = new Remembered<{ user: SessionUser; expiresAt: Date } | null>();
  private readonly versions = new Remembered<PageVersion | null>();

  constructor(
    private readonly generation: (() => number) | undefined,
    /** The auth instance (tests); the app's by default. */
    private readonly auth?: Auth,
  ) {}

  /** findLiveShareLink, remembered (LinkLookup: says whether the answer came from memory). */
  readonly findLink: LinkLookup = async (db, tokenHash) => {
    const gen = this.generation?.();
    if (gen === undefined) return { row: await findLiveShareLink(db, tokenHash), fromMemory: false };
    const live = (row: ShareRow) => !row?.expiresAt || row.expiresAt.getTime() > Date.now();
    const kept = this.links.get(tokenHash, gen, (k) => live(k.value));
    if (kept !== undefined) return { row: kept, fromMemory: true };
    const row = await findLiveShareLink(db, tokenHash);
    this.links.set(tokenHash, gen, row);
    return { row, fromMemory: false };
  };

  /** The signed-in user (lib/auth/session.ts), remembered per exact Cookie header. */
  async user(headers: Headers): Promise<SessionUser | null> {
    const gen = this.generation?.();
    const cookie = headers.get("cookie");
    if (gen === undefined || !cookie) return (await sessionOf(headers, this.auth))?.user ?? null;
    const now = Date.now();
    const kept = this.sessions.get(
      cookie,
      gen,
      (k) => now - k.at < SESSION_MS && (!k.value || k.value.expiresAt.getTime() > now),
    );
    if (kept !== undefined) return kept?.user ?? null;
    const s = await sessionOf(headers, this.auth);
    this.sessions.set(cookie, gen, s);
    return s?.user ?? null;
  }

  /** auditPageVersion, remembered. */
  async version(db: Db, auditId: string, opts: { shareLinks: boolean }): Promise<PageVersion | null> {
    const gen = this.generation?.();
    if (gen === undefined) return auditPageVersion(db, auditId, opts);
    const key = `${auditId}:${opts.shareLinks}`;
    const kept = this.versions.get(key, gen, () => true);
    if (kept !== undefined) return kept;
    const v = await auditPageVersion(db, auditId, opts);
    this.versions.set(key, gen, v);
    return v;
  }
}
