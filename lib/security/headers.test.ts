import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  newNonce,
  servedOverHttps,
  serverActionAllowedOrigins,
  staticSecurityHeaders,
} from "./headers";

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split("; ").map((d) => {
      const [name, ...values] = d.split(" ");
      return [name!, values];
    }),
  );
}

describe("security headers", () => {
  it("builds a nonce-based CSP with no inline or eval for scripts in production", () => {
    const nonce = newNonce();
    const d = directives(contentSecurityPolicy({ nonce }));
    expect(d.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'none'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.has("upgrade-insecure-requests")).toBe(false);
    expect(contentSecurityPolicy({ nonce, dev: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce, https: true })).toMatch(/; upgrade-insecure-requests$/);
  });

  it("makes a new 128-bit nonce each time and refuses a weak one", () => {
    const a = newNonce();
    // 16 bytes in base64: 24 characters with two '=' of padding.
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
    expect(() => contentSecurityPolicy({ nonce: "abc" })).toThrow(/nonce/);
    expect(() => contentSecurityPolicy({ nonce: "a'; script-src *; x=aaaaaaaaaa" })).toThrow(/nonce/);
  });

  it("sets nosniff, frame denial, a referrer policy and a permissions policy on every response", () => {
    const h = Object.fromEntries(staticSecurityHeaders().map((e) => [e.key, e.value]));
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["Referrer-Policy"]).toBe("same-origin");
    expect(h["Permissions-Policy"]).toContain("camera=()");
    expect(h["Strict-Transport-Security"]).toBeUndefined();
    expect(staticSecurityHeaders({ https: true }).map((e) => e.key)).toContain("Strict-Transport-Security");
  });

  it("reads extra server-action origins and refuses anything but host[:port]", () => {
    expect(serverActionAllowedOrigins({})).toEqual([]);
    expect(serverActionAllowedOrigins({ TA_ALLOWED_ORIGINS: "audit.example.org, proxy:8443" })).toEqual([
      "audit.example.org",
      "proxy:8443",
    ]);
    expect(() => serverActionAllowedOrigins({ TA_ALLOWED_ORIGINS: "https://x.org" })).toThrow(
      /TA_ALLOWED_ORIGINS: "https:\/\/x.org"/,
    );
    expect(servedOverHttps({ BETTER_AUTH_URL: "https://a.example" })).toBe(true);
    expect(servedOverHttps({})).toBe(false);
  });
});
