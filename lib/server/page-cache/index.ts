/**
 * The app server's cache of rendered report pages (signed-in report and share link).
 *
 * Why: rendering a finished audit's report costs about 200 ms of server time (assembling the
 * report, then React and Next.js producing ~0.8 MB of HTML with its RSC payload), so on two cores
 * fifty concurrent readers queued for seconds (issue 10). A finished report changes only when
 * someone reviews it, shares it or renames what it names, so the page is rendered once per
 * version and replayed: a hit costs the share-token or session check, one version query, and
 * writing out the stored bytes with a fresh CSP nonce (template.ts).
 *
 * Correctness: every request still goes through the same checks as the page (token resolved
 * with its rate limit, expiry and revocation; session read for the signed-in page); the version
 * (db/queries/page-version.ts) covers what the page shows and each entry is also bounded in age;
 * only a complete 200 HTML response without Set-Cookie is kept; a slot is per viewer on the
 * signed-in page. Concurrent misses of one slot wait for a single render.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "@/db/client";
import type { Auth } from "@/lib/auth/auth";
import { HANDOFF_HEADER, handOffShare } from "@/lib/reports/share-handoff";
import { newNonce } from "@/lib/security/headers";
import { captureResponse } from "./capture";
import { QueryMemo } from "./memo";
import { matchPageRequest, type PageSlot, resolvePage } from "./pages";
import { PageStore } from "./store";
import { fillBody, fillGzip, fillHeaders, makeTemplate, nonceOfPolicy, type PageTemplate } from "./template";

export const CACHE_STATUS_HEADER = "x-ta-page-cache";

export interface PageCacheOptions {
  getDatabase: () => Promise<Database>;
  /** The auth instance sessions are read with (tests); the app's by default. */
  auth?: Auth;
  maxBytes?: number;
  maxAgeMs?: number;
  /** Errors of the cache itself (the request then goes to Next.js as if there were no cache). */
  onError?: (e: unknown) => void;
}

/** Response headers that describe one transfer, not the page. */
const NOT_KEPT = new Set([
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "date",
  "etag",
  CACHE_STATUS_HEADER,
]);

const MAX_PAGE_BYTES = 16 * 1024 * 1024;

function requestHeaders(req: IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) h.append(k, one);
  }
  // As Next.js does for its own handlers: the peer's address when no proxy named one.
  if (!h.has("x-forwarded-for") && req.socket.remoteAddress)
    h.set("x-forwarded-for", req.socket.remoteAddress);
  return h;
}

function acceptsGzip(req: IncomingMessage): boolean {
  const ae = req.headers["accept-encoding"];
  return typeof ae === "string" && /\bgzip\b(?!;q=0(\.0+)?\b)/.test(ae);
}

function send(req: IncomingMessage, res: ServerResponse, page: PageTemplate): void {
  const nonce = newNonce();
  const gzip = acceptsGzip(req);
  const chunks = gzip ? fillGzip(page, nonce) : fillBody(page, nonce);
  for (const [k, v] of fillHeaders(page, nonce)) res.setHeader(k, v);
  const vary = res.getHeader("vary");
  res.setHeader("vary", vary ? `${String(vary)}, Accept-Encoding` : "Accept-Encoding");
  if (gzip) res.setHeader("content-encoding", "gzip");
  res.setHeader(
    "content-length",
    chunks.reduce((s, c) => s + c.length, 0),
  );
  res.setHeader(CACHE_STATUS_HEADER, "hit");
  res.statusCode = 200;
  // Corked: the chunks leave in one writev instead of being copied into one buffer first.
  res.cork();
  for (const c of chunks) res.write(c);
  res.end();
  process.nextTick(() => res.uncork());
}

/** The template of a captured response worth keeping, or null. */
function keepable(captured: { status: number; headers: Array<[string, string | string[]]>; body: Buffer }) {
  if (captured.status !== 200) return null;
  const header = (name: string) => captured.headers.find(([k]) => k.toLowerCase() === name)?.[1];
  if (header("set-cookie") !== undefined || header("content-encoding") !== undefined) return null;
  if (!String(header("content-type") ?? "").startsWith("text/html")) return null;
  const policy = header("content-security-policy");
  const nonce = typeof policy === "string" ? nonceOfPolicy(policy) : null;
  if (!nonce || !captured.body.includes(nonce)) return null;
  const headers = captured.headers.filter(([k]) => !NOT_KEPT.has(k.toLowerCase()));
  return makeTemplate(captured.body, headers, nonce);
}

export function createPageCache(opts: PageCacheOptions) {
  const store = new PageStore({
    maxBytes: opts.maxBytes ?? 256 * 1024 * 1024,
    maxAgeMs: opts.maxAgeMs ?? 5 * 60_000,
  });
  const rendering = new Map<string, Promise<void>>();
  let memo: QueryMemo | undefined;

  /** Renders through `render` (Next.js) and keeps the page when it may be kept. */
  async function renderAndKeep(
    req: IncomingMessage,
    res: ServerResponse,
    page: PageSlot,
    render: () => Promise<void>,
  ) {
    // The stored copy is uncompressed (template.ts compresses per part); Next.js would gzip it.
    delete req.headers["accept-encoding"];
    const captured = captureResponse(res, MAX_PAGE_BYTES);
    res.setHeader(CACHE_STATUS_HEADER, "miss");
    await render();
    const c = await captured;
    if (!c) return;
    try {
      const template = keepable(c);
      if (template) store.set(page.slot, page.version, template);
    } catch (e) {
      opts.onError?.(e);
    }
  }

  /**
   * Answers `req` from the cache, or hands it to `render` (Next.js's handler), keeping the result
   * when it is a cacheable page. Every other request goes straight to `render`.
   */
  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    render: () => Promise<void>,
  ): Promise<void> {
    // Only this server may hand a share resolution to the page.
    delete req.headers[HANDOFF_HEADER];
    const match = matchPageRequest(req.method, req.url, req.headers);
    if (!match) return render();
    let page: PageSlot | null = null;
    try {
      const database = await opts.getDatabase();
      memo ??= new QueryMemo(database.writeGeneration, opts.auth);
      const resolved = await resolvePage(database.db, match, requestHeaders(req), memo);
      page = resolved.page;
      if (resolved.share) {
        const handed = handOffShare(resolved.share.token, resolved.share.link);
        req.headers[HANDOFF_HEADER] = handed.id;
        // Released when the response is over, whether or not the page took it.
        res.once("close", handed.release);
      }
    } catch (e) {
      opts.onError?.(e);
      return render();
    }
    if (!page) return render();
    const slot = page;
    const cached = store.get(slot.slot, slot.version);
    if (cached) return send(req, res, cached);
    const pending = rendering.get(slot.slot);
    if (pending) {
      await pending.catch(() => undefined);
      const after = store.get(slot.slot, slot.version);
      if (after) return send(req, res, after);
      return render();
    }
    const done = renderAndKeep(req, res, slot, render).finally(() => rendering.delete(slot.slot));
    rendering.set(slot.slot, done);
    return done;
  }

  return { handle };
}
