import { createRequire } from "node:module";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { guardJobCompletions, isConnectionLoss } from "./connection-loss";

// pg-boss's own Manager (what its work loop calls), on a pool whose server is not there: port 1 on
// loopback refuses every connection, as a PostgreSQL server that is restarting does.
const Manager = createRequire(import.meta.url)("pg-boss/src/manager.js") as new (
  db: unknown,
  config: unknown,
) => {
  complete(name: string, id: string): Promise<unknown>;
  fail(name: string, id: string): Promise<unknown>;
};

describe("a job's completion while the database is unreachable", () => {
  const down = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/none", max: 1 });
  afterAll(async () => {
    await down.end();
  });
  const managerOn = (executeSql: (text: string, values?: unknown[]) => Promise<unknown>) =>
    new Manager({ executeSql }, { schema: "pgboss" });

  it("is left for the lease to hand back instead of rejecting (which would end the process)", async () => {
    const m = managerOn((text, values) => down.query(text, values));
    const refused = await down.query("select 1").catch((e: unknown) => e);
    expect(isConnectionLoss(refused)).toBe(true);
    guardJobCompletions();
    guardJobCompletions(); // once per process, however often called
    await expect(m.complete("audit.stage", "00000000-0000-0000-0000-000000000000")).resolves.toMatchObject({
      affected: 0,
    });
    await expect(m.fail("audit.stage", "00000000-0000-0000-0000-000000000000")).resolves.toMatchObject({
      affected: 0,
    });
  });

  it("still rejects every other error", async () => {
    const m = managerOn(async () => {
      throw new Error('relation "pgboss.job" does not exist');
    });
    guardJobCompletions();
    await expect(m.complete("audit.stage", "00000000-0000-0000-0000-000000000000")).rejects.toThrow(
      /does not exist/,
    );
  });
});
