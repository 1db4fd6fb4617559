/**
 * The one gate every page, server action and route handler of the dashboard goes through. It reads
 * the session on the server (cookies -> better-auth -> the session row and the user's role) on
 * every call; the browser's word is never taken for the role.
 *
 * - `requireUser(minRole)`: the user, when signed in with at least `minRole`
 *   (viewer < reviewer < editor < admin). Otherwise:
 *     - a page request (a browser navigation or an RSC fetch) is redirected: to /sign-in?next=…
 *       when nobody is signed in, to /forbidden?need=<role> when the role is too low;
 *     - a server action or any other request gets a thrown `AuthError` (401 / 403), whose message
 *       starts "Unauthorized: " or "Forbidden: " (an action that returns `{ error: e.message }` shows it).
 * - `currentUser()`: the signed-in user or null (pages that show something either way).
 * - Route handlers: `withRole(minRole, handler)` or `authorizeRequest(request, minRole)`, which answer
 *   a refusal with a 401/403 JSON Response instead of throwing.
 */
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Role } from "@/db/schema";
import { AuthError, authErrorResponse, isAuthError } from "./errors";
import { FORBIDDEN_PATH, PATH_HEADER, signInUrl } from "./paths";
import { hasRole } from "./roles";
import { type SessionUser, sessionUser } from "./session";

export type { SessionUser };
export { AuthError, isAuthError };

// One session lookup per request, however many components ask.
const lookup = cache(async (): Promise<SessionUser | null> => sessionUser(await headers()));

export async function currentUser(): Promise<SessionUser | null> {
  return lookup();
}

/**
 * Whether the code runs while Next renders a page (then a refusal is a redirect) rather than
 * inside a server action or a route handler (then it is a thrown AuthError). Next records this as
 * the request store's `phase`: "render" for pages (also the page rendered after an action's
 * redirect), "action" for actions and route handlers. Outside Next, the headers decide.
 */
function renderingPage(h: Headers): boolean {
  const store = workUnitAsyncStorage.getStore() as { phase?: unknown } | undefined;
  if (store && typeof store.phase === "string") return store.phase === "render";
  return isPageRequest(h);
}

/**
 * A page request by its headers (a browser navigation or an RSC fetch), as opposed to a server
 * action or an API call. Only a fallback: Next strips the RSC header before page code sees it.
 */
export function isPageRequest(h: Headers): boolean {
  if (h.get("next-action")) return false;
  if (h.get("rsc") === "1") return true;
  return (h.get("accept") ?? "").includes("text/html");
}

/** Throws (or, for a page, redirects) unless the caller is signed in with at least `minRole`. */
export async function requireUser(minRole: Role): Promise<SessionUser> {
  const user = await lookup();
  if (user && hasRole(user.role, minRole)) return user;
  const h = await headers();
  if (renderingPage(h)) {
    if (!user) redirect(signInUrl(h.get(PATH_HEADER)));
    redirect(`${FORBIDDEN_PATH}?need=${minRole}`);
  }
  throw user ? new AuthError("forbidden", minRole, user.role) : new AuthError("unauthenticated");
}

/** The user, or the 401/403 Response a route handler should return. */
export async function authorizeRequest(request: Request, minRole: Role): Promise<SessionUser | Response> {
  const user = await sessionUser(request.headers);
  if (!user) return authErrorResponse(new AuthError("unauthenticated"));
  if (!hasRole(user.role, minRole)) return authErrorResponse(new AuthError("forbidden", minRole, user.role));
  return user;
}

/**
 * Wraps a route handler: `export const GET = withRole("viewer", async (req, ctx, user) => …)`.
 * An AuthError thrown inside (a nested requireUser) also becomes its 401/403.
 */
export function withRole<C>(
  minRole: Role,
  handler: (request: Request, context: C, user: SessionUser) => Response | Promise<Response>,
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    const user = await authorizeRequest(request, minRole);
    if (user instanceof Response) return user;
    try {
      return await handler(request, context, user);
    } catch (e) {
      if (isAuthError(e)) return authErrorResponse(e);
      throw e;
    }
  };
}
