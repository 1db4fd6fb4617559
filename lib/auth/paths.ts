/**
 * The sign-in flow's URLs and the `next` parameter. `next` comes from the address bar, so it is
 * only ever a path on this site: anything else (`//evil.example`, `https://…`, `/\evil`, control
 * characters) becomes "/" (no open redirect).
 */
export const SIGN_IN_PATH = "/sign-in";
export const SETUP_PATH = "/setup";
export const FORBIDDEN_PATH = "/forbidden";
/** Request header the proxy sets to the requested path + query, so a page guard can send it along. */
export const PATH_HEADER = "x-ta-path";

export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || next.length === 0 || next.length > 1024) return "/";
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  // Never bounce back into the auth pages themselves.
  if (next === SIGN_IN_PATH || next.startsWith(`${SIGN_IN_PATH}?`) || next.startsWith(SETUP_PATH)) return "/";
  return next;
}

export function signInUrl(next?: string | null): string {
  const target = safeNextPath(next);
  return target === "/" ? SIGN_IN_PATH : `${SIGN_IN_PATH}?next=${encodeURIComponent(target)}`;
}

/** better-auth's cookie prefix and the session cookie (with `__Secure-` in front on https). */
export const COOKIE_PREFIX = "ta";
export const SESSION_COOKIE = `${COOKIE_PREFIX}.session_token`;

/**
 * What an anonymous visitor may open: the sign-in and first-run pages, share links (their token is
 * the credential), the health check and the auth library's own endpoints. Everything else needs a
 * session; the proxy sends visitors without a session cookie to /sign-in before any page runs,
 * and the page, action or route handler then checks the session and the role itself.
 */
const PUBLIC_EXACT = new Set([SIGN_IN_PATH, SETUP_PATH, "/api/health", "/favicon.ico", "/robots.txt"]);
const PUBLIC_PREFIXES = ["/share/", "/api/share/", "/api/auth/"];

export function isPublicPath(pathname: string): boolean {
  if (PUBLIC_EXACT.has(pathname)) return true;
  return PUBLIC_PREFIXES.some((p) => pathname.startsWith(p));
}

/** Whether a cookie header carries a session cookie at all (not whether it is valid). */
export function hasSessionCookie(cookieNames: Iterable<string>): boolean {
  for (const name of cookieNames) {
    if (name === SESSION_COOKIE || name === `__Secure-${SESSION_COOKIE}`) return true;
  }
  return false;
}
