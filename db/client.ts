import path from "node:path";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { appRoot, dataDir, env } from "@/lib/env";
import { acquireDirectoryLock } from "./lock";
import * as schema from "./schema";
import { countWrites } from "./write-generation";

export type Schema = typeof schema;
/** The one database handle type every query function takes first, whatever the driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DriverName = "pglite" | "pg" | "vercel";

export interface Database {
  db: Db;
  driver: DriverName;
  /** Raw SQL for pg-boss's custom `db` option and for health checks. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** For pg-boss on a server: its own connection pool is preferable (reconnects). */
  connectionString: string | null;
  /**
   * On the embedded database only: a number that changes after every write (db/write-generation.ts).
   * Absent where other processes may write (PostgreSQL).
   */
  writeGeneration?: () => number;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Overrides the environment: `pglite:<dir>` | `postgres://…` | `vercel:postgres://…`. */
  url?: string;
  /** Skip migrations (tests that migrate explicitly). */
  migrate?: boolean;
}

function resolveTarget(url?: string): { driver: DriverName; target: string } {
  if (url) {
    if (url.startsWith("pglite:")) return { driver: "pglite", target: url.slice("pglite:".length) };
    if (url.startsWith("vercel:")) return { driver: "vercel", target: url.slice("vercel:".length) };
    return { driver: "pg", target: url };
  }
  const e = env();
  if (e.DATABASE_URL) return { driver: "pg", target: e.DATABASE_URL };
  if (e.POSTGRES_URL) return { driver: "vercel", target: e.POSTGRES_URL };
  return { driver: "pglite", target: path.join(dataDir(), "pglite") };
}

async function openPglite(dir: string): Promise<Database> {
  const release = dir === ":memory:" ? () => {} : acquireDirectoryLock(dir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle } = await import("drizzle-orm/pglite");
    const client = dir === ":memory:" ? new PGlite() : new PGlite(dir);
    await client.waitReady;
    const writeGeneration = countWrites(client);
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      driver: "pglite",
      writeGeneration,
      connectionString: null,
      async executeSql(text, values) {
        if (values && values.length > 0) {
          const r = await client.query<Record<string, unknown>>(text, values);
          return { rows: r.rows };
        }
        // Multi-statement text (pg-boss's schema and locks) needs exec; it returns one result per statement.
        const results = await client.exec(text);
        const last = results[results.length - 1];
        return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
      },
      async close() {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

async function openPg(url: string): Promise<Database> {
  const pg = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new pg.default.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server (a restart) must not crash the process: the pool replaces it.
  pool.on("error", (err) => console.warn(`[db] idle connection error: ${err.message}`));
  // A client that is checked out but between queries (inside a transaction while JavaScript works)
  // gets the same 'error' event on itself, where the pool does not listen: without a listener of
  // its own that event ends the process. Its next query fails instead, and the job is retried.
  pool.on("connect", (client) =>
    client.on("error", (err) => console.warn(`[db] connection lost: ${err.message}`)),
  );
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    db,
    driver: "pg",
    connectionString: url,
    async executeSql(text, values) {
      const r = await pool.query(text, values as unknown[] | undefined);
      return { rows: r.rows };
    },
    async close() {
      await pool.end();
    },
  };
}

async function openVercel(url: string): Promise<Database> {
  const { createPool } = await import("@vercel/postgres");
  const { drizzle } = await import("drizzle-orm/vercel-postgres");
  const { configureLocalVercel, ensureLocalRelay } = await import("./vercel-local");
  const host = new URL(url).hostname;
  if (host === "localhost" || host === "127.0.0.1") await ensureLocalRelay();
  configureLocalVercel(url);
  const pool = createPool({ connectionString: url });
  const db = drizzle(pool, { schema }) as unknown as Db;
  return {
    db,
    driver: "vercel",
    connectionString: null,
    async executeSql(text, values) {
      const r = await pool.query(text, values as unknown[] | undefined);
      return { rows: r.rows };
    },
    async close() {
      await pool.end();
    },
  };
}

/** Applies db/migrations with drizzle-orm's migrator for the driver in use. */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: path.join(appRoot(), "db/migrations") };
  if (database.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, config);
  } else if (database.driver === "pg") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(database.db as never, config);
  } else {
    const { migrate } = await import("drizzle-orm/vercel-postgres/migrator");
    await migrate(database.db as never, config);
  }
}

/** Opens a new database connection (tests, CLI). Most code wants `getDatabase()`. */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const { driver, target } = resolveTarget(opts.url);
  const database =
    driver === "pglite"
      ? await openPglite(target)
      : driver === "pg"
        ? await openPg(target)
        : await openVercel(target);
  if (opts.migrate !== false) {
    try {
      await migrateDatabase(database);
    } catch (e) {
      await database.close();
      throw e;
    }
  }
  return database;
}

// Cached on globalThis so hot reload and Next's separate module graphs share one embedded database.
const globalForDb = globalThis as unknown as { __taDatabase?: Promise<Database> };

/** The process-wide database (opened and migrated once). */
export function getDatabase(): Promise<Database> {
  if (!globalForDb.__taDatabase) {
    globalForDb.__taDatabase = openDatabase().catch((e) => {
      globalForDb.__taDatabase = undefined;
      throw e;
    });
  }
  return globalForDb.__taDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

export async function closeDatabase(): Promise<void> {
  const p = globalForDb.__taDatabase;
  globalForDb.__taDatabase = undefined;
  if (p) await (await p).close();
}
