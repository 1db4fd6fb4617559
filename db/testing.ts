import crypto from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "./client";

/**
 * Every database test runs on each driver the machine offers: embedded PGlite always, and when
 * DATABASE_URL names a PostgreSQL server (CI sets it), that server through `pg` and through
 * @vercel/postgres. Each test database is new and dropped afterwards.
 */
export interface TestDriver {
  name: "pglite" | "pg" | "vercel";
  open(): Promise<TestDatabase>;
}

export interface TestDatabase extends Database {
  /** Drops the temporary database (server drivers) after closing. */
  destroy(): Promise<void>;
}

async function createServerDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ta_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function testDrivers(): TestDriver[] {
  const drivers: TestDriver[] = [
    {
      name: "pglite",
      async open() {
        const d = await openDatabase({ url: "pglite::memory:" });
        return { ...d, destroy: () => d.close() };
      },
    },
  ];
  const server = process.env.DATABASE_URL;
  if (server) {
    for (const name of ["pg", "vercel"] as const) {
      drivers.push({
        name,
        async open() {
          const { url, drop } = await createServerDatabase(server);
          const d = await openDatabase({ url: name === "vercel" ? `vercel:${url}` : url });
          return {
            ...d,
            destroy: async () => {
              await d.close();
              await drop();
            },
          };
        },
      });
    }
  }
  return drivers;
}
