/**
 * Runs before every page, server action and route handler (static assets excluded):
 *
 * 1. A Content-Security-Policy with a fresh nonce (lib/security/headers.ts). Next.js reads the
 *    nonce from the request's CSP header and stamps it on its own scripts.
 * 2. An early, optimistic refusal for visitors without a session cookie outside the public paths
 *    (lib/auth/paths.ts): a page navigation goes to /sign-in?next=…, an /api call gets 401.
 *    This only looks at whether the cookie is there; the real check (signature, session row,
 *    role) is `requireUser` / `withRole` in every page, action and route handler. Server action
 *    POSTs pass through so the action answers with its own refusal.
 * 3. The requested path in `x-ta-path`, so a page guard deeper down can send the visitor back to
 *    it after sign-in.
 */
import { type NextRequest, NextResponse } from "next/server";
import { UNAUTHENTICATED_MESSAGE } from "@/lib/auth/errors";
import { hasSessionCookie, isPublicPath, PATH_HEADER, signInUrl } from "@/lib/auth/paths";
import { contentSecurityPolicy, newNonce, servedOverHttps } from "@/lib/security/headers";

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === "development",
    https: servedOverHttps(),
  });
  const { pathname, search } = request.nextUrl;

  if (!isPublicPath(pathname) && !hasSessionCookie(request.cookies.getAll().map((c) => c.name))) {
    if (pathname.startsWith("/api/")) {
      const res = NextResponse.json(
        { error: UNAUTHENTICATED_MESSAGE, code: "unauthenticated" },
        { status: 401 },
      );
      res.headers.set("Content-Security-Policy", csp);
      return res;
    }
    const isNavigation =
      (request.method === "GET" || request.method === "HEAD") &&
      !request.headers.has("next-action") &&
      !request.headers.has("rsc");
    if (isNavigation) {
      const res = NextResponse.redirect(new URL(signInUrl(pathname + search), request.url), 307);
      res.headers.set("Content-Security-Policy", csp);
      return res;
    }
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set(PATH_HEADER, pathname + search);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set("Content-Security-Policy", csp);
  return res;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
