import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { account, session, user } from "@/db/schema";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { type Auth, createAuth, SESSION_COOKIE, SESSION_TTL_SECONDS } from "./auth";
import { sessionUser } from "./session";
import { newSignInLimiters, signInWithPassword, TOO_MANY_ATTEMPTS, WRONG_CREDENTIALS } from "./sign-in";
import {
  countUsers,
  createFirstAdmin,
  createUser,
  deleteUser,
  listUsers,
  SetupClosedError,
  setPassword,
  setUserRole,
  UserError,
} from "./users";

const BASE = "http://localhost:3000";
const PASSWORD = "correct horse battery staple";

async function signIn(auth: Auth, email: string, password: string): Promise<Response> {
  return auth.handler(
    new Request(`${BASE}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE },
      body: JSON.stringify({ email, password }),
    }),
  );
}

/** The `name=value` of the session cookie a response sets. */
function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!set) throw new Error(`no ${SESSION_COOKIE} cookie in ${res.status} response`);
  return set.split(";")[0]!;
}

for (const [driverIndex, driver] of testDrivers().entries()) {
  describe(`accounts and sessions (${driver.name})`, () => {
    let db: TestDatabase;
    let auth: Auth;

    beforeAll(async () => {
      db = await driver.open();
      // Sign-in rate limit raised here: these tests sign in more often than a person would.
      auth = createAuth(db.db, { secret: "t".repeat(40), baseURL: BASE, signInPerMinute: 10_000 });
    });
    afterAll(async () => {
      await db.destroy();
    });
    beforeEach(async () => {
      await db.db.delete(user);
    });

    it("creates the first admin once, and only while no user exists", async () => {
      expect(await countUsers(db.db)).toBe(0);
      const admin = await createFirstAdmin(db.db, { email: " Admin@Example.org ", password: PASSWORD });
      expect(admin).toMatchObject({ email: "admin@example.org", role: "admin", name: "admin" });
      await expect(
        createFirstAdmin(db.db, { email: "b@example.org", password: PASSWORD }),
      ).rejects.toBeInstanceOf(SetupClosedError);
      expect(await countUsers(db.db)).toBe(1);
    });

    it("lets exactly one of two concurrent first-run submissions through", async () => {
      const results = await Promise.allSettled([
        createFirstAdmin(db.db, { email: "one@example.org", password: PASSWORD }),
        createFirstAdmin(db.db, { email: "two@example.org", password: PASSWORD }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(SetupClosedError);
      expect(await countUsers(db.db)).toBe(1);
    });

    it("stores an argon2id hash in a credential account, never the password", async () => {
      const u = await createUser(db.db, { email: "e@example.org", password: PASSWORD, role: "editor" });
      const [acc] = await db.db.select().from(account).where(eq(account.userId, u.id));
      expect(acc?.providerId).toBe("credential");
      expect(acc?.password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(acc?.password).not.toContain(PASSWORD);
    });

    it("rejects bad input with the field named and writes nothing", async () => {
      await expect(createUser(db.db, { email: "nope", password: PASSWORD, role: "viewer" })).rejects.toThrow(
        /^email: not a valid email address/,
      );
      await expect(
        createUser(db.db, { email: "v@example.org", password: "short", role: "viewer" }),
      ).rejects.toThrow(/^password: must be at least 12 characters/);
      await expect(
        createUser(db.db, { email: "v@example.org", password: PASSWORD, role: "root" as never }),
      ).rejects.toThrow(/^role: must be one of/);
      await createUser(db.db, { email: "v@example.org", password: PASSWORD, role: "viewer" });
      await expect(
        createUser(db.db, { email: "V@example.org", password: PASSWORD, role: "viewer" }),
      ).rejects.toThrow(UserError);
      expect(await countUsers(db.db)).toBe(1);
      expect((await db.db.select().from(account)).length).toBe(1);
    });

    it("signs in with email and password into a database session carrying the role", async () => {
      const u = await createUser(db.db, { email: "r@example.org", password: PASSWORD, role: "reviewer" });
      const res = await signIn(auth, "R@example.org", PASSWORD);
      expect(res.status).toBe(200);
      const cookie = sessionCookie(res);
      const rows = await db.db.select().from(session).where(eq(session.userId, u.id));
      expect(rows).toHaveLength(1);
      // expiresAt = now + 12 h (SESSION_TTL_SECONDS), within the test's own run time.
      const ttl = (rows[0]!.expiresAt.getTime() - Date.now()) / 1000;
      expect(ttl).toBeGreaterThan(SESSION_TTL_SECONDS - 120);
      expect(ttl).toBeLessThanOrEqual(SESSION_TTL_SECONDS);
      expect(await sessionUser(new Headers({ cookie }), auth)).toEqual({
        id: u.id,
        email: "r@example.org",
        name: "r",
        role: "reviewer",
      });
    });

    it("refuses a wrong password and an unknown email with the same answer", async () => {
      await createUser(db.db, { email: "r@example.org", password: PASSWORD, role: "reviewer" });
      const wrong = await signIn(auth, "r@example.org", `${PASSWORD}!`);
      const unknown = await signIn(auth, "nobody@example.org", PASSWORD);
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(await wrong.json()).toEqual(await unknown.json());
      expect(await db.db.select().from(session)).toHaveLength(0);
    });

    it("rate-limits sign-in attempts per client address", async () => {
      await createUser(db.db, { email: "r@example.org", password: PASSWORD, role: "reviewer" });
      const limited = createAuth(db.db, { secret: "t".repeat(40), baseURL: BASE, signInPerMinute: 3 });
      const attempt = (ip: string) =>
        limited.handler(
          new Request(`${BASE}/api/auth/sign-in/email`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: BASE, "x-forwarded-for": ip },
            body: JSON.stringify({ email: "r@example.org", password: "wrong password!!" }),
          }),
        );
      // better-auth's in-memory limiter is shared by every instance in the process: one address per driver.
      const ip = `203.0.113.${driverIndex + 1}`;
      // 3 allowed per 60 s window: attempts 1-3 are judged (401), the 4th is refused unjudged (429).
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt(ip)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Another address has its own budget.
      expect((await attempt(`198.51.100.${driverIndex + 1}`)).status).toBe(401);
    });

    it("signs in through the server-action path with a failure limit per address and per email", async () => {
      const u = await createUser(db.db, { email: "r@example.org", password: PASSWORD, role: "reviewer" });
      let t = 0;
      const limiters = newSignInLimiters(() => t);
      const go = (password: string, ip = "192.0.2.1", email = "r@example.org") =>
        signInWithPassword(auth, { email, password, ip }, limiters);
      expect(await go(PASSWORD)).toEqual({ ok: true, userId: u.id });
      expect(await go("not the password")).toEqual({ ok: false, error: WRONG_CREDENTIALS });
      expect(await go(PASSWORD, "192.0.2.1", "nobody@example.org")).toEqual({
        ok: false,
        error: WRONG_CREDENTIALS,
      });
      // Per email: 5 failures in all; one was spent above, 4 more from other addresses use it up.
      for (let i = 0; i < 4; i++) await go("not the password", `192.0.2.${10 + i}`);
      expect(await go(PASSWORD, "192.0.2.99")).toEqual({ ok: false, error: TOO_MANY_ATTEMPTS });
      // One failure refills after 60 s (1/60 per second), and the right password then works.
      t += 60_000;
      expect(await go(PASSWORD, "192.0.2.99")).toEqual({ ok: true, userId: u.id });
    });

    it("keeps sign-up closed", async () => {
      const res = await auth.handler(
        new Request(`${BASE}/api/auth/sign-up/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: BASE },
          body: JSON.stringify({
            email: "intruder@example.org",
            password: PASSWORD,
            name: "x",
            role: "admin",
          }),
        }),
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await countUsers(db.db)).toBe(0);
    });

    it("does not let a user raise their own role through the API", async () => {
      await createUser(db.db, { email: "v@example.org", password: PASSWORD, role: "viewer" });
      const cookie = sessionCookie(await signIn(auth, "v@example.org", PASSWORD));
      const res = await auth.handler(
        new Request(`${BASE}/api/auth/update-user`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: BASE, cookie },
          body: JSON.stringify({ role: "admin" }),
        }),
      );
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect((await sessionUser(new Headers({ cookie }), auth))?.role).toBe("viewer");
    });

    it("ends access at once: tampered cookie, expired session, role change, deletion, password reset", async () => {
      const admin = await createFirstAdmin(db.db, { email: "a@example.org", password: PASSWORD });
      const e = await createUser(db.db, { email: "e@example.org", password: PASSWORD, role: "editor" });
      const cookie = sessionCookie(await signIn(auth, "e@example.org", PASSWORD));
      const h = () => new Headers({ cookie });
      expect((await sessionUser(h(), auth))?.role).toBe("editor");

      // A cookie whose token part is changed fails the HMAC signature.
      const [name, value] = cookie.split("=") as [string, string];
      const tampered = `${name}=${value.replace(/^./, (c) => (c === "A" ? "B" : "A"))}`;
      expect(await sessionUser(new Headers({ cookie: tampered }), auth)).toBeNull();

      await setUserRole(db.db, e.id, "viewer");
      expect((await sessionUser(h(), auth))?.role).toBe("viewer");

      await db.db.update(session).set({ expiresAt: new Date(Date.now() - 1000) });
      expect(await sessionUser(h(), auth)).toBeNull();

      const cookie2 = sessionCookie(await signIn(auth, "e@example.org", PASSWORD));
      await setPassword(db.db, "e@example.org", "another long password");
      expect(await sessionUser(new Headers({ cookie: cookie2 }), auth)).toBeNull();
      expect((await signIn(auth, "e@example.org", PASSWORD)).status).toBe(401);
      const cookie3 = sessionCookie(await signIn(auth, "e@example.org", "another long password"));

      await deleteUser(db.db, e.id, admin.id);
      expect(await sessionUser(new Headers({ cookie: cookie3 }), auth)).toBeNull();
      expect(await db.db.select().from(session).where(eq(session.userId, e.id))).toHaveLength(0);
    });

    it("keeps at least one admin and refuses self-deletion", async () => {
      const admin = await createFirstAdmin(db.db, { email: "a@example.org", password: PASSWORD });
      await expect(setUserRole(db.db, admin.id, "editor")).rejects.toThrow(/only admin/);
      await expect(deleteUser(db.db, admin.id, admin.id)).rejects.toThrow(/your own account/);
      const other = await createUser(db.db, { email: "b@example.org", password: PASSWORD, role: "admin" });
      await setUserRole(db.db, admin.id, "editor");
      await expect(deleteUser(db.db, other.id, "someone-else")).rejects.toThrow(/only admin/);
      expect((await listUsers(db.db)).map((u) => [u.email, u.role])).toEqual([
        ["a@example.org", "editor"],
        ["b@example.org", "admin"],
      ]);
    });

    it("gives a row with a role that is not ours no access", async () => {
      const u = await createUser(db.db, { email: "x@example.org", password: PASSWORD, role: "viewer" });
      const cookie = sessionCookie(await signIn(auth, "x@example.org", PASSWORD));
      await db.db.execute(sql`update "user" set role = 'superuser' where id = ${u.id}`);
      expect(await sessionUser(new Headers({ cookie }), auth)).toBeNull();
    });
  });
}
