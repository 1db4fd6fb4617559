/**
 * HTTP security headers.
 *
 * Content-Security-Policy with a per-request nonce (set by proxy.ts on every page and API
 * response): scripts run only when they carry the nonce Next.js stamps on its own script tags, and
 * `'strict-dynamic'` lets those load their chunks; no inline script an attacker injects can run.
 * Styles allow `'unsafe-inline'` because React writes `style="…"` attributes, which a nonce does
 * not cover; a style cannot run code. `frame-ancestors 'none'` (and X-Frame-Options for old
 * browsers) stops clickjacking; `form-action 'self'` keeps forms on this site.
 *
 * The other headers (`staticSecurityHeaders`) go on every response, static files included,
 * through next.config.ts `headers()`.
 */

export interface CspOptions {
  nonce: string;
  /** `next dev` needs eval for React's debugging and a websocket for hot reload. */
  dev?: boolean;
  /** Served over https: also ask the browser to upgrade any http sub-request. */
  https?: boolean;
}

export function contentSecurityPolicy({ nonce, dev = false, https = false }: CspOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error("nonce: must be at least 16 base64 characters");
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...(dev ? ["ws:", "wss:"] : [])],
    ["worker-src", "'self'", "blob:"],
    ["object-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ["frame-src", "'none'"],
    ...(https ? ([["upgrade-insecure-requests"]] as [string][]) : []),
  ] as [string, ...string[]][];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** 128 random bits, base64: a fresh one for every response (Web Crypto, so it runs in any runtime). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export interface HeaderEntry {
  key: string;
  value: string;
}

export function staticSecurityHeaders(opts: { https?: boolean } = {}): HeaderEntry[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "X-Frame-Options", value: "DENY" },
    // Same-origin requests keep the full referrer (Next's server-action Origin check needs the
    // Origin header, which "no-referrer" would blank); other sites get none, so a share link's
    // token never leaks through a Referer.
    { key: "Referrer-Policy", value: "same-origin" },
    {
      key: "Permissions-Policy",
      value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
    },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
    { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
    ...(opts.https
      ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }]
      : []),
  ];
}

/**
 * Extra origins allowed to call server actions (Next already accepts the request's own host):
 * `TA_ALLOWED_ORIGINS=audit.example.org,proxy.internal:8443` behind a proxy that rewrites Host.
 */
export function serverActionAllowedOrigins(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const raw = environment.TA_ALLOWED_ORIGINS ?? "";
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      if (!/^[A-Za-z0-9.*-]+(:\d+)?$/.test(s)) {
        throw new Error(`TA_ALLOWED_ORIGINS: "${s}" is not a host or host:port (no scheme, no path)`);
      }
      return s;
    });
}

/** Whether the public origin is https (BETTER_AUTH_URL), which turns on HSTS and upgrades. */
export function servedOverHttps(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return (environment.BETTER_AUTH_URL ?? "").startsWith("https://");
}
