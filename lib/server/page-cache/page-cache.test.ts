/**
 * The page cache in front of a real HTTP server and a real database (every driver of
 * db/testing.ts). The renderer stands in for Next.js the way Next.js behaves towards the cache:
 * a fresh nonce per render in the CSP header and in the page's scripts, the page built from the
 * database (the share page takes the server's token resolution, as app/share/[token]/page.tsx
 * does). Next.js itself behind the cache is covered by the browser tests (e2e/audit-flow.spec.ts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { audits, warnings } from "@/db/schema";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { type Auth, createAuth, SESSION_COOKIE } from "@/lib/auth/auth";
import { sessionUser } from "@/lib/auth/session";
import { createUser, setUserRole } from "@/lib/auth/users";
import { TokenBuckets } from "@/lib/reports/rate-limit";
import { reviewWarning } from "@/lib/reports/review";
import { createShareLink, resolveShareToken, revokeShareLink, setShareLimiters } from "@/lib/reports/share";
import { takeHandedShare } from "@/lib/reports/share-handoff";
import { seedAudit } from "@/lib/reports/test-seed";
import { newNonce } from "@/lib/security/headers";
import { CACHE_STATUS_HEADER, createPageCache } from "./index";

const BASE = "http://localhost:3000";
const PASSWORD = "correct horse battery staple";

for (const driver of testDrivers()) {
  describe(`page cache on ${driver.name}`, () => {
    let database: TestDatabase;
    let auth: Auth;
    let server: http.Server;
    let origin: string;
    let renders: string[];
    /** What the share page was handed by the server for each render (undefined: nothing). */
    let handed: unknown[];
    let renderDelayMs = 0;
    let setCookie = false;

    async function render(req: http.IncomingMessage, res: http.ServerResponse) {
      renders.push(req.url ?? "");
      if (renderDelayMs) await new Promise((r) => setTimeout(r, renderDelayMs));
      const db = database.db;
      const url = new URL(req.url ?? "/", "http://x");
      const headers = new Headers(req.headers as Record<string, string>);
      let auditId: string;
      let who = "";
      if (url.pathname.startsWith("/share/")) {
        const token = url.pathname.slice("/share/".length);
        const h = takeHandedShare(headers, token);
        handed.push(h);
        const link = h !== undefined ? h : await resolveShareToken(db, token, "127.0.0.1", { touch: true });
        if (!link) {
          res.statusCode = 404;
          res.end("not found");
          return;
        }
        auditId = link.auditId;
      } else {
        const user = await sessionUser(headers, auth);
        if (!user) {
          res.statusCode = 307;
          res.setHeader("location", "/sign-in");
          res.end();
          return;
        }
        who = `${user.email} (${user.role})`;
        auditId = url.pathname.split("/")[2]!;
      }
      const [a] = await db.select().from(audits).where(eq(audits.id, auditId));
      const ws = await db.select().from(warnings).where(eq(warnings.auditId, auditId));
      const nonce = newNonce();
      res.setHeader(
        "content-security-policy",
        `default-src 'self'; script-src 'nonce-${nonce}' 'strict-dynamic'`,
      );
      res.setHeader("content-type", "text/html; charset=utf-8");
      if (setCookie) res.setHeader("set-cookie", "x=1");
      res.write(`<!DOCTYPE html><html><head><script nonce="${nonce}">self.a=1</script></head><body>`);
      res.write(`<p id="status">${a!.reviewStatus}</p><p id="who">${who}</p>`);
      res.end(
        `<p id="warnings">${ws.map((w) => w.reviewState).join(",")}</p><script nonce="${nonce}"></script></body></html>`,
      );
    }

    beforeAll(async () => {
      database = await driver.open();
      auth = createAuth(database.db, { secret: "t".repeat(40), baseURL: BASE, signInPerMinute: 10_000 });
      const cache = createPageCache({ getDatabase: async () => database, auth });
      server = http.createServer((req, res) => {
        cache
          .handle(req, res, () => render(req, res))
          .catch((e) => {
            res.statusCode = 500;
            res.end(String(e));
          });
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((r) => server.close(r));
      await database.destroy();
    });
    beforeEach(() => {
      renders = [];
      handed = [];
      renderDelayMs = 0;
      setCookie = false;
      setShareLimiters(undefined);
    });

    const newLink = (auditId: string) =>
      createShareLink(database.db, { auditId, label: null, expiresAt: null, createdBy: null });
    const nonceOf = (r: Response) =>
      /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    const get = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${origin}${path}`, { headers });

    it("renders a share link once, then replays it with a fresh nonce until the audit changes", async () => {
      const { audit, warnings: ws } = await seedAudit(database.db);
      const { token } = await newLink(audit.id);
      const first = await get(`/share/${token}`);
      const firstBody = await first.text();
      expect(first.status).toBe(200);
      expect(first.headers.get(CACHE_STATUS_HEADER)).toBe("miss");
      const second = await get(`/share/${token}`);
      const secondBody = await second.text();
      expect(second.headers.get(CACHE_STATUS_HEADER)).toBe("hit");
      // fetch asked for gzip: the replay came compressed and inflated to the same page.
      expect(second.headers.get("content-encoding")).toBe("gzip");
      expect(renders).toHaveLength(1);
      const [n1, n2] = [nonceOf(first)!, nonceOf(second)!];
      expect(n1).not.toBe(n2);
      expect(secondBody).toBe(firstBody.split(n1).join(n2));
      expect(secondBody.match(new RegExp(`nonce="${n2.replace(/[+/=]/g, "\\$&")}"`, "g"))).toHaveLength(2);
      const plain = await get(`/share/${token}`, { "accept-encoding": "identity" });
      expect(plain.headers.get("content-encoding")).toBeNull();
      expect(await plain.text()).toBe(firstBody.split(n1).join(nonceOf(plain)!));

      // A review changes the page: the next reader gets a new render showing it.
      await reviewWarning(
        database.db,
        { id: "r1", email: "rev@example.org", role: "reviewer" },
        { auditId: audit.id, warningId: ws[0]!.id, decision: "acknowledged", comment: "" },
      );
      const after = await get(`/share/${token}`);
      expect(after.headers.get(CACHE_STATUS_HEADER)).toBe("miss");
      expect(await after.text()).toContain("acknowledged");
      expect(renders).toHaveLength(2);

      // Revoked: refused at once although a copy is cached, with the server's refusal handed on.
      const [link] = await database.db.query.shareLinks.findMany({
        where: (l, o) => o.eq(l.auditId, audit.id),
      });
      await revokeShareLink(database.db, link!.id, audit.id);
      const refused = await get(`/share/${token}`);
      expect(refused.status).toBe(404);
      expect(refused.headers.get(CACHE_STATUS_HEADER)).toBeNull();
      expect(handed.at(-1)).toBeNull();
    });

    it("resolves a share token once per request: one failure per wrong token, at most one lookup per reader", async () => {
      const { audit } = await seedAudit(database.db);
      const { token } = await newLink(audit.id);
      // Refill so slow that the levels below are what the requests took (0.001 token/s).
      const lookups = new TokenBuckets({ capacity: 100, refillPerSecond: 0.001 });
      const failures = new TokenBuckets({ capacity: 10, refillPerSecond: 0.001 });
      setShareLimiters({ lookups, failures });
      const ip = "127.0.0.1";
      for (let i = 0; i < 4; i++) expect((await get(`/share/${token}`)).status).toBe(200);
      expect(handed[0]).toMatchObject({ auditId: audit.id });
      const spent = 100 - lookups.available(ip);
      if (driver.name === "pglite") {
        // The embedded database's write counter lets the cache remember the link: the first
        // lookup, and one more after the first request's lastUsedAt write.
        expect(spent).toBeCloseTo(2, 1);
      } else {
        expect(spent).toBeCloseTo(4, 1);
      }
      expect(failures.available(ip)).toBeCloseTo(10, 1);
      // A wrong token costs one failure per request, not one for the server and one for the page.
      const wrong = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
      for (let i = 0; i < 3; i++) expect((await get(`/share/${wrong}`)).status).toBe(404);
      expect(failures.available(ip)).toBeCloseTo(7, 1);
    });

    it("one render for concurrent first readers; nothing kept that must not be", async () => {
      const { audit } = await seedAudit(database.db);
      const { token } = await newLink(audit.id);
      renderDelayMs = 300;
      const all = await Promise.all(Array.from({ length: 5 }, () => get(`/share/${token}`)));
      expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(renders).toHaveLength(1);
      expect(all.filter((r) => r.headers.get(CACHE_STATUS_HEADER) === "hit")).toHaveLength(4);

      // Client-side navigations (RSC), other query strings and other methods always go to Next.js.
      renderDelayMs = 0;
      renders = [];
      await get(`/share/${token}`, { rsc: "1" });
      await get(`/share/${token}?x=1`);
      await fetch(`${origin}/share/${token}`, { method: "POST" });
      expect(renders).toHaveLength(3);

      // A response that sets a cookie is not kept (the next one is rendered again).
      const other = await seedAudit(database.db);
      const link2 = await newLink(other.audit.id);
      setCookie = true;
      renders = [];
      await get(`/share/${link2.token}`);
      await get(`/share/${link2.token}`);
      expect(renders).toHaveLength(2);
      // An unfinished audit's page (its progress) is never kept.
      setCookie = false;
      await database.db.update(audits).set({ status: "running" }).where(eq(audits.id, other.audit.id));
      renders = [];
      await get(`/share/${link2.token}`);
      await get(`/share/${link2.token}`);
      expect(renders).toHaveLength(2);
    });

    it("keeps the signed-in report page per viewer, and follows role changes and sign-out", async () => {
      const { audit } = await seedAudit(database.db);
      const signIn = async (email: string, role: "viewer" | "reviewer") => {
        const u = await createUser(database.db, { email, password: PASSWORD, role });
        const res = await auth.handler(
          new Request(`${BASE}/api/auth/sign-in/email`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: BASE },
            body: JSON.stringify({ email, password: PASSWORD }),
          }),
        );
        const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
        return { id: u.id, cookie: set.split(";")[0]! };
      };
      const v = await signIn(`v-${driver.name}@example.org`, "viewer");
      const r = await signIn(`r-${driver.name}@example.org`, "reviewer");
      const path = `/audits/${audit.id}`;

      const v1 = await get(path, { cookie: v.cookie });
      const v2 = await get(path, { cookie: v.cookie });
      expect([v1.headers.get(CACHE_STATUS_HEADER), v2.headers.get(CACHE_STATUS_HEADER)]).toEqual([
        "miss",
        "hit",
      ]);
      // Another viewer never gets the first one's page.
      const r1 = await get(path, { cookie: r.cookie });
      expect(r1.headers.get(CACHE_STATUS_HEADER)).toBe("miss");
      expect(await r1.text()).toContain(`r-${driver.name}@example.org (reviewer)`);
      expect(await v2.text()).toContain(`v-${driver.name}@example.org (viewer)`);
      // A role change shows on the next request.
      await setUserRole(database.db, v.id, "reviewer");
      const v3 = await get(path, { cookie: v.cookie });
      expect(v3.headers.get(CACHE_STATUS_HEADER)).toBe("miss");
      expect(await v3.text()).toContain("(reviewer)");
      // Without a session the request goes to the page (which sends the visitor to sign in).
      const anonymous = await fetch(`${origin}${path}`, {
        headers: { cookie: `${SESSION_COOKIE}=forged` },
        redirect: "manual",
      });
      expect(anonymous.status).toBe(307);
      expect(anonymous.headers.get(CACHE_STATUS_HEADER)).toBeNull();
      expect(renders.filter((u) => u === path)).toHaveLength(4);
    });
  });
}
