/**
 * Accounts, roles and the app's surface, over HTTP against the built app:
 *
 * 1. First run: the first admin comes from /setup (e2e/fixtures/auth.ts), after which /setup is
 *    closed to everyone.
 * 2. The admin creates an editor, a reviewer and a viewer on the users page.
 * 3. Every page, route handler and server action found in app/ is called as anonymous, with a
 *    forged session cookie, and as each role, and must allow or deny exactly as the table below
 *    says. A page, route or action that is not in the table fails the test: add it with its role.
 * 4. Cross-site server-action POSTs are refused; security headers and the CSP nonce are present;
 *    sign-out ends the session at once; wrong share tokens get the same 404 as missing ones.
 */
import { type APIRequestContext, type APIResponse, request as playwrightRequest } from "@playwright/test";
import { actionTargets, pages, routeHandlers, serverActions } from "./fixtures/app-map";
import { E2E_ADMIN, expect, signInRequest, test } from "./fixtures/auth";

type Role = "viewer" | "reviewer" | "editor" | "admin";
/** "public": anonymous may call it (it checks its own credential, e.g. a share token, or none). */
type Access = "public" | Role;

// ---- the expected permissions -----------------------------------------------------------------

const PAGES: Record<string, Access> = {
  "/": "viewer",
  "/sign-in": "public",
  "/setup": "public",
  "/forbidden": "viewer",
  "/admin/users": "admin",
  "/audits/new": "editor",
  "/audits/[id]": "viewer",
  "/datasets": "viewer",
  "/datasets/new": "editor",
  "/datasets/[id]": "viewer",
  "/models": "viewer",
  "/models/new": "editor",
  "/models/[id]": "viewer",
  "/share/[token]": "public",
};

const ROUTES: Record<string, Access> = {
  "GET /api/health": "public",
  "GET /api/auth/[...all]": "public",
  "POST /api/auth/[...all]": "public",
  "GET /api/audits/[id]/export.json": "viewer",
  "GET /api/audits/[id]/progress": "viewer",
  "GET /api/audits/[id]/report.pdf": "viewer",
  "GET /api/samples/[id]/thumbnail": "viewer",
  "GET /share/[token]/thumbnail/[sampleId]": "public",
};

const ACTIONS: Record<string, Access> = {
  "app/(auth)/actions.ts#signInAction": "public",
  "app/(auth)/actions.ts#setupAction": "public",
  "app/(auth)/actions.ts#signOutAction": "public",
  "app/(auth)/actions.ts#createUserAction": "admin",
  "app/(auth)/actions.ts#setUserRoleAction": "admin",
  "app/(auth)/actions.ts#deleteUserAction": "admin",
  "app/(dashboard)/audits/actions.ts#createAuditAction": "editor",
  "app/(dashboard)/audits/actions.ts#reviewWarningAction": "reviewer",
  "app/(dashboard)/audits/actions.ts#changeReviewStatusAction": "reviewer",
  "app/(dashboard)/audits/actions.ts#createShareLinkAction": "editor",
  "app/(dashboard)/audits/actions.ts#revokeShareLinkAction": "editor",
  "app/(dashboard)/models/actions.ts#importModelAction": "editor",
};

const RANK: Record<Role, number> = { viewer: 0, reviewer: 1, editor: 2, admin: 3 };
const ROLES: Role[] = ["viewer", "reviewer", "editor", "admin"];
type Identity = "anonymous" | "forged" | Role;
const IDENTITIES: Identity[] = ["anonymous", "forged", ...ROLES];

function allowed(access: Access, who: Identity): boolean {
  if (access === "public") return true;
  if (who === "anonymous" || who === "forged") return false;
  return RANK[who] >= RANK[access];
}

const PASSWORD = "e2e role password 1";
const userEmail = (r: Role) => (r === "admin" ? E2E_ADMIN.email : `${r}@e2e.test`);
const userPassword = (r: Role) => (r === "admin" ? E2E_ADMIN.password : PASSWORD);

/** A concrete URL for a pattern: ids that exist nowhere, a share token of the right form. */
function concrete(pattern: string): string {
  return pattern
    .replace("[...all]", "get-session")
    .replace("[token]", "A".repeat(43))
    .replace("[sampleId]", "1")
    .replace(/\[id\]/g, "00000000-0000-4000-8000-000000000000");
}

/**
 * Request contexts made inside a test inherit the project's `use` options, the signed-in storage
 * state of e2e/fixtures/auth.ts included: anonymous ones must say they have no cookies.
 */
const NO_COOKIES = { cookies: [], origins: [] };

/**
 * A server action's arguments `(prevState = {}, formData)` in React's reply encoding: part "0" is
 * the argument list with "$K1" standing for the FormData, whose entries are sent as `_1_<name>`
 * (React 19.2, the one Next 16 bundles) and `1_<name>` (earlier React). Part "0" goes last, as the
 * browser sends it: the server decodes while streaming and reads the entries when it meets "$K1".
 * (A FormData keeps that order; a plain object would put the key "0" first.)
 */
function actionArgs(fields: Record<string, string>): FormData {
  const out = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    out.append(`_1_${k}`, v);
    out.append(`1_${k}`, v);
  }
  out.append("0", '[{},"$K1"]');
  return out;
}

const DENIAL_TEXT = /"(Unauthorized|Forbidden): /;

function location(res: APIResponse): string {
  return res.headers().location ?? res.headers()["x-action-redirect"] ?? "";
}

/**
 * Where a page sends the visitor: the Location header, or, when the page redirected after Next had
 * already streamed the layout and its loading state (a 200), the meta refresh Next writes instead.
 */
async function pageLocation(res: APIResponse): Promise<string> {
  const header = location(res);
  if (header || res.status() !== 200) return header;
  const m = /<meta id="__next-page-redirect" http-equiv="refresh" content="\d+;url=([^"]+)"/.exec(
    await res.text(),
  );
  return m ? m[1]!.replace(/&amp;/g, "&") : "";
}

// ---- the suite ----------------------------------------------------------------------------------

test.describe.configure({ mode: "serial" });

test.describe("accounts, roles and the app's surface", () => {
  const contexts = new Map<Identity, APIRequestContext>();
  let baseURL: string;

  test.beforeAll(async ({ browserName }, info) => {
    expect(browserName).toBe("chromium");
    baseURL = info.project.use.baseURL!;
  });

  test.afterAll(async () => {
    for (const c of contexts.values()) await c.dispose();
  });

  test("first run: /setup made the admin and is now closed", async ({ page, adminCreatedHere }) => {
    // The fixture ran /setup in this worker, or an earlier spec's worker did; either way one admin exists.
    test
      .info()
      .annotations.push({ type: "setup", description: adminCreatedHere ? "created here" : "earlier" });
    await page.goto("/");
    await expect(page.getByText(E2E_ADMIN.email)).toBeVisible();
    const anon = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
    try {
      const setup = await anon.get("/setup", { maxRedirects: 0, headers: { accept: "text/html" } });
      expect(setup.status()).toBe(307);
      expect(location(setup)).toMatch(/\/sign-in$/);
      // Anonymous pages go to sign-in, with the way back.
      const home = await anon.get("/datasets?x=1", { maxRedirects: 0, headers: { accept: "text/html" } });
      expect(home.status()).toBe(307);
      expect(location(home)).toMatch(/\/sign-in\?next=%2Fdatasets%3Fx%3D1$/);
    } finally {
      await anon.dispose();
    }
  });

  test("the admin creates an editor, a reviewer and a viewer on the users page", async ({ page }) => {
    await page.goto("/admin/users");
    for (const role of ["editor", "reviewer", "viewer"] as const) {
      await page.getByLabel("Email").fill(userEmail(role));
      await page.getByLabel("Name").fill(`E2E ${role}`);
      await page.getByLabel("Initial password").fill(PASSWORD);
      await page.getByLabel("Role", { exact: true }).selectOption(role);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByText(`Created ${userEmail(role)} (${role}).`)).toBeVisible();
    }
    await page.reload();
    for (const role of ROLES)
      await expect(page.getByRole("cell", { name: userEmail(role), exact: true })).toBeVisible();
    // Every identity's API context, for the walk below.
    contexts.set("anonymous", await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES }));
    contexts.set(
      "forged",
      await playwrightRequest.newContext({
        baseURL,
        storageState: NO_COOKIES,
        extraHTTPHeaders: { cookie: "ta.session_token=forged-token.c2lnbmF0dXJlLW9mLW5vYm9keQ%3D%3D" },
      }),
    );
    for (const r of ROLES) contexts.set(r, await signInRequest(baseURL, userEmail(r), userPassword(r)));
  });

  test("every page is in the permissions table and allows or denies as it says", async () => {
    const found = pages();
    const missing = found.filter((p) => !(p in PAGES));
    expect(missing, "pages without an entry in PAGES (e2e/auth.spec.ts): add them with their role").toEqual(
      [],
    );
    const problems: string[] = [];
    for (const pattern of found) {
      const access = PAGES[pattern]!;
      for (const who of IDENTITIES) {
        const res = await contexts.get(who)!.get(concrete(pattern), {
          maxRedirects: 0,
          headers: { accept: "text/html" },
        });
        const to = await pageLocation(res);
        const denied =
          res.status() === 401 ||
          res.status() === 403 ||
          /\/sign-in(\?|$)/.test(to) ||
          to.includes("/forbidden");
        const ok =
          access === "public"
            ? res.status() < 500
            : allowed(access, who)
              ? !denied && res.status() < 500
              : denied;
        if (!ok)
          problems.push(
            `${pattern} as ${who}: ${res.status()} ${to} (expected ${allowed(access, who) ? "allow" : "deny"})`,
          );
      }
    }
    expect(problems).toEqual([]);
  });

  test("every route handler is in the permissions table and allows or denies as it says", async () => {
    const found = routeHandlers();
    const missing = found.map((r) => `${r.method} ${r.pattern}`).filter((k) => !(k in ROUTES));
    expect(missing, "route handlers without an entry in ROUTES (e2e/auth.spec.ts)").toEqual([]);
    const problems: string[] = [];
    for (const { pattern, method } of found) {
      const access = ROUTES[`${method} ${pattern}`]!;
      for (const who of IDENTITIES) {
        const res = await contexts.get(who)!.fetch(concrete(pattern), {
          method,
          maxRedirects: 0,
          headers: { accept: "application/json", origin: baseURL },
          ...(method === "GET" || method === "HEAD" ? {} : { data: {} }),
        });
        const denied = res.status() === 401 || res.status() === 403;
        const ok = allowed(access, who) ? !denied && res.status() < 500 : denied;
        if (!ok)
          problems.push(
            `${method} ${pattern} as ${who}: ${res.status()} (expected ${allowed(access, who) ? "allow" : "deny"})`,
          );
      }
    }
    expect(problems).toEqual([]);
  });

  test("every server action is in the permissions table and allows or denies as it says", async () => {
    const found = serverActions();
    const missing = found.map((a) => a.key).filter((k) => !(k in ACTIONS));
    expect(missing, "server actions without an entry in ACTIONS (e2e/auth.spec.ts)").toEqual([]);
    const targets = actionTargets();
    // Sign-out last: it ends the session it is called with.
    const ordered = [...found].sort(
      (a, b) => Number(a.name === "signOutAction") - Number(b.name === "signOutAction"),
    );
    const problems: string[] = [];
    for (const who of IDENTITIES) {
      for (const action of ordered) {
        const target = targets.get(action.key);
        expect(target, `${action.key} is not in the build's server-reference manifest`).toBeDefined();
        // The form is empty but for a probe field, so an allowed call fails validation and changes nothing.
        const res = await contexts.get(who)!.post(concrete(target!.page), {
          maxRedirects: 0,
          headers: { "next-action": target!.id, accept: "text/x-component", origin: baseURL },
          multipart: actionArgs({ probe: "1" }),
        });
        const body = await res.text();
        const to = location(res);
        // requireUser throws in an action (it never redirects there), so a refusal is the returned
        // message or a 401/403; a redirect (sign-out's, to /sign-in) is the action's own doing.
        const denied = res.status() === 401 || res.status() === 403 || DENIAL_TEXT.test(body);
        const expectAllow = allowed(ACTIONS[action.key]!, who);
        const ok = expectAllow ? !denied && res.status() < 500 : denied;
        if (!ok) {
          problems.push(
            `${action.key} as ${who}: ${res.status()} ${to} ${body.slice(0, 200).replace(/\s+/g, " ")} (expected ${expectAllow ? "allow" : "deny"})`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("a cross-site POST to a server action is refused and changes nothing", async ({ page }) => {
    // Fresh sign-in: the walk above signed every identity out at its end.
    const admin = await signInRequest(baseURL, E2E_ADMIN.email, E2E_ADMIN.password);
    try {
      const target = actionTargets().get("app/(auth)/actions.ts#createUserAction")!;
      const form = (email: string) =>
        actionArgs({ email, name: "x", password: "cross site password 1", role: "admin" });
      const evil = await admin.post("/admin/users", {
        maxRedirects: 0,
        headers: { "next-action": target.id, accept: "text/x-component", origin: "http://evil.example" },
        multipart: form("csrf@e2e.test"),
      });
      expect(evil.status()).toBeGreaterThanOrEqual(400);
      // The same request from the app's own origin goes through (the refusal above was the Origin).
      const same = await admin.post("/admin/users", {
        maxRedirects: 0,
        headers: { "next-action": target.id, accept: "text/x-component", origin: baseURL },
        multipart: form("same-site@e2e.test"),
      });
      expect(same.status()).toBe(200);
      await page.goto("/admin/users");
      await expect(page.getByRole("cell", { name: "same-site@e2e.test", exact: true })).toBeVisible();
      await expect(page.getByRole("cell", { name: "csrf@e2e.test", exact: true })).toHaveCount(0);
    } finally {
      await admin.dispose();
    }
  });

  test("security headers and a per-response CSP nonce that the page's scripts carry", async ({ browser }) => {
    const anon = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
    try {
      const a = await anon.get("/sign-in");
      const b = await anon.get("/sign-in");
      const csp = a.headers()["content-security-policy"] ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("'strict-dynamic'");
      expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      expect(b.headers()["content-security-policy"]).not.toContain(nonce!);
      const html = await a.text();
      expect(html).toContain(`nonce="${nonce}"`);
      expect(a.headers()["x-content-type-options"]).toBe("nosniff");
      expect(a.headers()["x-frame-options"]).toBe("DENY");
      expect(a.headers()["referrer-policy"]).toBe("same-origin");
      expect(a.headers()["permissions-policy"]).toContain("camera=()");
      const health = await anon.get("/api/health");
      expect(health.headers()["x-content-type-options"]).toBe("nosniff");
    } finally {
      await anon.dispose();
    }
    // In a browser: the sign-in page runs its scripts under the policy without a violation.
    const context = await browser.newContext({ baseURL, storageState: NO_COOKIES });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
    });
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(userEmail("viewer"));
    await page.getByLabel("Password").fill("wrong password for sure");
    await page.getByRole("button", { name: "Sign in" }).click();
    // The message comes back through the server action without a reload: the page's scripts ran.
    await expect(page.locator("form [role=alert]")).toHaveText("Wrong email or password.");
    expect(violations).toEqual([]);
    await context.close();
  });

  test("the not-found page is rendered per request: it carries the nonce and its scripts run", async ({
    page,
  }) => {
    // Next prerenders /_not-found at build time unless the root layout asks for a request
    // (app/layout.tsx): a prerendered page has no nonce, and the CSP then blocks all its scripts.
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto("/no-such-page-here");
    expect(res!.status()).toBe(404);
    const nonce = /'nonce-([^']+)'/.exec(res!.headers()["content-security-policy"] ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(await res!.text()).toContain(`nonce="${nonce}"`);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    // A client-side navigation needs the page's scripts: it works only if they ran under the CSP.
    await page.getByRole("link", { name: "Go to the audits" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { name: "Audits", level: 1 })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("a viewer signs in, is kept out of editor pages, and signing out ends the session at once", async ({
    browser,
  }) => {
    const context = await browser.newContext({ baseURL, storageState: NO_COOKIES });
    const page = await context.newPage();
    await page.goto("/audits/new");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Faudits%2Fnew$/);
    await page.getByLabel("Email").fill(userEmail("viewer"));
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back to where they were going, which needs editor: the forbidden page names both roles.
    await expect(page).toHaveURL(/\/forbidden\?need=editor$/);
    await expect(page.getByText("You are signed in as viewer@e2e.test with the viewer role")).toBeVisible();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name.endsWith("ta.session_token"));
    expect(session).toBeDefined();
    await page.getByRole("button", { name: "Sign in as someone else" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    // The old cookie, replayed by someone who copied it, no longer opens anything.
    const replay = await playwrightRequest.newContext({
      baseURL,
      storageState: NO_COOKIES,
      extraHTTPHeaders: { cookie: `${session!.name}=${session!.value}` },
    });
    const res = await replay.get("/api/auth/get-session");
    expect(await res.json()).toBeNull();
    const home = await replay.get("/", { maxRedirects: 0, headers: { accept: "text/html" } });
    expect(await pageLocation(home)).toMatch(/\/sign-in/);
    await replay.dispose();
    await context.close();
  });

  test("a wrong share token gets the same 404 as a malformed or missing one", async () => {
    const anon = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
    try {
      const wellFormed = await anon.get(`/share/${"B".repeat(43)}`);
      const malformed = await anon.get("/share/not-a-token");
      const thumb = await anon.get(`/share/${"C".repeat(43)}/thumbnail/1`);
      expect(thumb.status()).toBe(404);
      // The page is Next's not-found answer: a 404, or, when a loading boundary has already
      // streamed (status 200 sent), the not-found fallback Next streams in its place.
      for (const r of [wellFormed, malformed]) {
        const notFound = r.status() === 404 || (await r.text()).includes("NEXT_HTTP_ERROR_FALLBACK;404");
        expect(notFound, `${r.url()}: ${r.status()}`).toBe(true);
      }
      // Same status for both: nothing tells a well-formed wrong token from garbage.
      expect(wellFormed.status()).toBe(malformed.status());
    } finally {
      await anon.dispose();
    }
  });

  test("sign-up stays closed and the server keeps serving after hostile requests", async () => {
    const anon = await playwrightRequest.newContext({ baseURL, storageState: NO_COOKIES });
    try {
      const signUp = await anon.post("/api/auth/sign-up/email", {
        data: { email: "intruder@e2e.test", password: "intruder password", name: "x" },
        headers: { origin: baseURL },
      });
      expect(signUp.status()).toBeGreaterThanOrEqual(400);
      expect(
        (
          await anon.post("/api/auth/sign-in/email", {
            data: { email: "intruder@e2e.test", password: "intruder password" },
            headers: { origin: baseURL },
          })
        ).status(),
      ).toBe(401);
      // Malformed action payloads and bodies: answered, never fatal.
      for (const body of ["", "{", "[", '[{},"$K9"]', "\u0000\u0001", "x".repeat(100_000)]) {
        const r = await anon.post("/sign-in", {
          headers: {
            "next-action": "00".repeat(21),
            accept: "text/x-component",
            origin: baseURL,
            "content-type": "text/plain",
          },
          data: body,
          maxRedirects: 0,
        });
        expect(r.status()).toBeLessThan(600);
      }
      const health = await anon.get("/api/health");
      expect(health.status()).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
    } finally {
      await anon.dispose();
    }
  });
});
