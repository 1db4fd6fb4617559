import { describe, expect, it } from "vitest";
import { AUTH_DENIED_PATTERN, AuthError, authErrorResponse } from "./errors";
import { isPageRequest } from "./guard";
import { hasSessionCookie, isPublicPath } from "./paths";

describe("refusals", () => {
  it("answers 401 for nobody signed in and 403 for a role too low, with a recognisable message", async () => {
    const anon = authErrorResponse(new AuthError("unauthenticated"));
    expect(anon.status).toBe(401);
    expect(anon.headers.get("www-authenticate")).toContain("Cookie");
    const body = (await anon.json()) as { error: string; code: string };
    expect(body.code).toBe("unauthenticated");
    expect(body.error).toMatch(AUTH_DENIED_PATTERN);
    const low = new AuthError("forbidden", "editor", "viewer");
    expect(low.status).toBe(403);
    expect(low.message).toBe(
      "Forbidden: this needs the editor role; you are signed in as viewer. Ask an admin.",
    );
    expect(authErrorResponse(low).status).toBe(403);
  });

  it("tells page renders from server actions and API calls", () => {
    expect(isPageRequest(new Headers({ accept: "text/html,application/xhtml+xml" }))).toBe(true);
    expect(isPageRequest(new Headers({ rsc: "1", accept: "*/*" }))).toBe(true);
    expect(isPageRequest(new Headers({ "next-action": "abc", accept: "text/x-component" }))).toBe(false);
    expect(isPageRequest(new Headers({ "next-action": "abc", accept: "text/html" }))).toBe(false);
    expect(isPageRequest(new Headers({ accept: "application/json" }))).toBe(false);
  });

  it("opens only sign-in, first run, share links, health and the auth endpoints to anonymous visitors", () => {
    for (const p of [
      "/sign-in",
      "/setup",
      "/share/abc",
      "/share/abc/thumbnail/1",
      "/api/health",
      "/api/auth/get-session",
    ]) {
      expect(isPublicPath(p), p).toBe(true);
    }
    for (const p of [
      "/",
      "/audits/1",
      "/admin/users",
      "/api/audits/1/export.json",
      "/sharex",
      "/api/healthz",
      "/setup/x",
    ]) {
      expect(isPublicPath(p), p).toBe(false);
    }
    expect(hasSessionCookie(["theme", "ta.session_token"])).toBe(true);
    expect(hasSessionCookie(["__Secure-ta.session_token"])).toBe(true);
    expect(hasSessionCookie(["better-auth.session_token", "ta.session_data"])).toBe(false);
  });
});
