import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { account, user } from "@/db/schema";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { verifyPassword } from "@/lib/auth/password";
import { runAdmin } from "./admin";

// One driver is enough here: the user functions underneath run on every driver in lib/auth.
const driver = testDrivers()[0]!;

describe("transfer-audit admin", () => {
  let db: TestDatabase;
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);

  beforeAll(async () => {
    db = await driver.open();
  });
  afterAll(async () => {
    await db.destroy();
  });

  it("creates the first admin, then users of each role, and lists them", async () => {
    const run = (argv: string[]) => runAdmin(argv, { database: db, log });
    expect(await run(["create", "--email", "Root@Example.org", "--password", "correct horse battery"])).toBe(
      0,
    );
    expect(
      await run(["create", "--email", "v@example.org", "--password", "viewer password", "--role", "viewer"]),
    ).toBe(0);
    lines.length = 0;
    expect(await run(["list"])).toBe(0);
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ["admin", "root@example.org"],
      ["viewer", "v@example.org"],
    ]);
  }, 60_000);

  it("reads a password from stdin with `--password -`", async () => {
    const code = await runAdmin(
      ["create", "--email", "s@example.org", "--password", "-", "--role", "editor"],
      {
        database: db,
        log,
        stdin: async () => "from standard input!",
      },
    );
    expect(code).toBe(0);
    const [row] = await db.db
      .select({ hash: account.password })
      .from(account)
      .innerJoin(user, eq(user.id, account.userId))
      .where(eq(user.email, "s@example.org"));
    expect(await verifyPassword(row!.hash!, "from standard input!")).toBe(true);
  });

  it("answers usage errors with 2 and refusals with 1, naming the problem", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await runAdmin(["create", "--email", "x@example.org"], { database: db, log })).toBe(2);
      expect(err.mock.calls.at(-1)?.[0]).toMatch(/--password is required/);
      expect(await runAdmin(["frobnicate"], { database: db, log })).toBe(2);
      const args = ["create", "--email", "x@example.org", "--password", "short"];
      expect(await runAdmin(args, { database: db, log })).toBe(1);
      expect(err.mock.calls.at(-1)?.[0]).toMatch(/password: must be at least 12 characters/);
      expect(
        await runAdmin([...args.slice(0, 4), "long enough password", "--role", "owner"], {
          database: db,
          log,
        }),
      ).toBe(1);
      expect(err.mock.calls.at(-1)?.[0]).toMatch(/--role: must be one of/);
      expect(
        await runAdmin(["set-role", "--email", "root@example.org", "--role", "viewer"], {
          database: db,
          log,
        }),
      ).toBe(1);
      expect(err.mock.calls.at(-1)?.[0]).toMatch(/only admin/);
    } finally {
      err.mockRestore();
    }
  });
});
