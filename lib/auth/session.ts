/**
 * Who is asking: the signed-in user behind a request's cookies, read through better-auth (the
 * session row and its user, every time: no cookie cache), or null.
 */
import type { Role } from "@/db/schema";
import { type Auth, getAuth } from "./auth";
import { isRole } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The user for these request headers, or null (no cookie, bad signature, expired or deleted session). */
export async function sessionUser(headers: Headers, auth?: Auth): Promise<SessionUser | null> {
  return (await sessionOf(headers, auth))?.user ?? null;
}

/** The user and when the session ends (for a caller that remembers the answer: lib/server/page-cache). */
export async function sessionOf(
  headers: Headers,
  auth?: Auth,
): Promise<{ user: SessionUser; expiresAt: Date } | null> {
  const instance = auth ?? (await getAuth());
  const s = await instance.api.getSession({ headers });
  if (!s) return null;
  const role = (s.user as { role?: unknown }).role;
  // A row whose role is not one of ours (edited by hand) gets no access at all.
  if (!isRole(role)) return null;
  return {
    user: { id: s.user.id, email: s.user.email, name: s.user.name, role },
    expiresAt: new Date(s.session.expiresAt),
  };
}
