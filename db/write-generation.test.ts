import { PGlite } from "@electric-sql/pglite";
// pg-boss's own SQL builders: the statements its polling and maintenance really send.
// @ts-expect-error pg-boss ships no types for its internal plans module
import * as plans from "pg-boss/src/plans.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changesAppData, countWrites } from "./write-generation";

describe("which statements change the application's data", () => {
  it("a plain SELECT does not; a SELECT that locks rows or calls a pg-boss function does", () => {
    expect(changesAppData('select "id", "status" from "audits" where "audits"."id" = $1')).toBe(false);
    expect(changesAppData("  SELECT 1")).toBe(false);
    expect(changesAppData("/* hint */ select count(*) from warnings")).toBe(false);
    expect(changesAppData("(select 1) union (select 2)")).toBe(false);
    expect(changesAppData("select * from audits for update")).toBe(true);
    // pg-boss creates queues through a function: a write, but to its own schema only.
    expect(changesAppData("SELECT pgboss.create_queue($1, $2)")).toBe(false);
    // The limit stated in write-generation.ts: any other function called by a SELECT is taken for a
    // read (this code base has none that writes; a cached page's age bound covers one that did).
    expect(changesAppData("SELECT my_schema.do_something($1)")).toBe(false);
  });

  it("writes to application tables do, whatever their form", () => {
    for (const sql of [
      'insert into "reviews" ("audit_id") values ($1)',
      'update "warnings" set "review_state" = $1 where "warnings"."id" = $2',
      'delete from "share_links" where id = 1',
      "with x as (select 1) update audits set name = 'a'",
      "insert into public.audits values (1) on conflict do nothing",
      "BEGIN; update audits set name = 'x'; COMMIT",
      "truncate audits",
      "create table t (id int)",
      "select 1; select 2",
      "SET search_path = public",
    ]) {
      expect(changesAppData(sql), sql).toBe(true);
    }
  });

  it("the job queue's own polling and bookkeeping in the pgboss schema do not", () => {
    // fetchNextJob: WITH … SELECT … FOR UPDATE SKIP LOCKED … UPDATE pgboss.job — sent every few seconds.
    const fetch = plans.fetchNextJob("pgboss")({ includeMetadata: false });
    expect(fetch).toMatch(/FOR UPDATE SKIP LOCKED/);
    expect(changesAppData(fetch)).toBe(false);
    expect(changesAppData(plans.completeJobs("pgboss"))).toBe(false);
    expect(changesAppData("UPDATE pgboss.job SET state = 'created' WHERE id = $1")).toBe(false);
    // …unless the same text also writes elsewhere.
    expect(changesAppData("UPDATE pgboss.job SET state = 'created'; UPDATE audits SET name = 'x'")).toBe(
      true,
    );
  });
});

describe("the write counter of an embedded client", () => {
  let client: PGlite;
  let generation: () => number;
  beforeAll(async () => {
    client = new PGlite();
    await client.waitReady;
    generation = countWrites(client as never);
    await client.exec("create table t (id int); create schema pgboss; create table pgboss.job (id int)");
  });
  afterAll(async () => {
    await client.close();
  });

  it("moves after each write and transaction, not after reads or queue bookkeeping", async () => {
    const g0 = generation();
    await client.query("select * from t");
    await client.exec("select 1");
    expect(generation()).toBe(g0);
    await client.query("insert into t values ($1)", [1]);
    expect(generation()).toBe(g0 + 1);
    await client.transaction(async (tx) => {
      await tx.query("select * from t");
    });
    expect(generation()).toBe(g0 + 2);
    await client.query("update pgboss.job set id = 2");
    expect(generation()).toBe(g0 + 2);
    // A failed write still counts (its transaction might have committed part of a batch).
    await expect(client.query("insert into t values ('not a number')")).rejects.toThrow();
    expect(generation()).toBe(g0 + 3);
    expect((await client.query<{ n: number }>("select count(*)::int as n from t")).rows[0]!.n).toBe(1);
  });
});
