/**
 * A share token resolved once per request.
 *
 * The app server (scripts/server.ts, through lib/server/page-cache) resolves a share link's token
 * before deciding whether it can answer from its cache; when it hands the request on to Next.js,
 * the page must not resolve it a second time (that would take two tokens from the rate limiter,
 * and count a wrong token as two failures). The server puts its answer in a registry under a
 * random id and sends the id in the HANDOFF_HEADER request header; the page takes it from there.
 *
 * The header carries only an id: a client that sends the header itself names no registry entry
 * (the server also strips it from every incoming request), and an entry is only used for the very
 * token it was resolved from.
 */
import { randomUUID } from "node:crypto";
import { hashShareToken, type ResolvedShare } from "./share";

export const HANDOFF_HEADER = "x-ta-share-resolution";

interface Handed {
  tokenHash: string;
  link: ResolvedShare | null;
}

// On globalThis: the server's unbundled code and Next's page bundle each load this module.
const g = globalThis as unknown as { __taShareHandoff?: Map<string, Handed> };
function registry(): Map<string, Handed> {
  g.__taShareHandoff ??= new Map();
  return g.__taShareHandoff;
}

/** Records the resolution of `token`; returns the id to send in HANDOFF_HEADER and a release. */
export function handOffShare(token: string, link: ResolvedShare | null): { id: string; release: () => void } {
  const id = randomUUID();
  registry().set(id, { tokenHash: hashShareToken(token), link });
  return { id, release: () => registry().delete(id) };
}

/**
 * The resolution the server handed on for `token`, or undefined when there is none (the page then
 * resolves the token itself). null means the server resolved it and refused it.
 */
export function takeHandedShare(headers: Headers, token: string): ResolvedShare | null | undefined {
  const id = headers.get(HANDOFF_HEADER);
  if (!id) return undefined;
  const handed = registry().get(id);
  if (!handed) return undefined;
  registry().delete(id);
  if (handed.tokenHash !== hashShareToken(token)) return undefined;
  return handed.link;
}
