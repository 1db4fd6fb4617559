/**
 * A counter of the writes made through one embedded (PGlite) client.
 *
 * The embedded database is opened by exactly one process (db/lock.ts), so every write to it goes
 * through this process's client: counting them tells a cache "nothing has changed since" without
 * asking the database. Used by the page cache (lib/server/page-cache) to skip its per-request
 * queries while the counter stands still. On a shared PostgreSQL other processes write too, so
 * there is no counter there and those queries run every time.
 *
 * Conservative by construction: every statement counts as a change except
 * - a plain SELECT (one that neither locks rows nor calls a function of pg-boss's schema), and
 * - a statement whose every write (UPDATE, INSERT INTO, DELETE FROM, `SELECT pgboss.fn(…)`) is to
 *   the job queue's own tables in the `pgboss` schema, which no cached page shows: the queue's
 *   polling (an UPDATE of pgboss.job every few seconds) must not count, or nothing would be
 *   remembered for long.
 * Multi-statement text counts unless all its writes are the queue's; transactions (drizzle's)
 * always count. A read mistaken for a change costs one extra query; a change mistaken for a read
 * (a SELECT calling some other data-modifying function: none in this code base) would leave a
 * cached page stale until its age bound.
 */

const SELECT = /^\s*(?:\/\*.*?\*\/\s*)*\(?\s*select\b/is;
const LOCKS = /\bfor\s+(?:update|share|no\s+key\s+update|key\s+share)\b/i;
const QUEUE_SCHEMA = "pgboss";
/**
 * Write targets: the table after UPDATE / INSERT INTO / DELETE FROM (not the UPDATE of "FOR
 * UPDATE" or "DO UPDATE SET"), and a function called in the queue's schema.
 */
const WRITE_TARGET =
  /(?<!\bfor\s+|\bdo\s+|\bno\s+key\s+)\b(?:update|insert\s+into|delete\s+from)\s+(?:only\s+)?(?:"?(\w+)"?\s*\.\s*)?"?\w+|\b(pgboss)\s*\.\s*\w+\s*\(/gi;
const OTHER_WRITES =
  /\b(?:truncate|merge|create|alter|drop|copy|call|do|grant|revoke|vacuum|reindex|cluster)\b/i;

/** Whether `sql` may change rows that anything outside the job queue reads. */
export function changesAppData(sql: string): boolean {
  const multi = sql.trim().replace(/;\s*$/, "").includes(";");
  if (!multi && SELECT.test(sql) && !LOCKS.test(sql) && !/\bpgboss\s*\.\s*\w+\s*\(/i.test(sql)) return false;
  if (OTHER_WRITES.test(sql)) return true;
  const targets = [...sql.matchAll(WRITE_TARGET)].map((m) => (m[1] ?? m[2] ?? "").toLowerCase());
  return targets.length === 0 || targets.some((schema) => schema !== QUEUE_SCHEMA);
}

/** The three ways drizzle, pg-boss and the app reach a PGlite client. */
interface Client {
  query(...args: never[]): Promise<unknown>;
  exec(...args: never[]): Promise<unknown>;
  transaction(...args: never[]): Promise<unknown>;
}

/**
 * Wraps `client`'s query, exec and transaction so that each write bumps the counter once it has
 * finished (or failed: a failed statement may still have written in a transaction that commits);
 * returns the counter's reader.
 */
export function countWrites(client: Client): () => number {
  let generation = 0;
  const bumpAfter = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } finally {
      generation++;
    }
  };
  const query = client.query.bind(client) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  const exec = client.exec.bind(client) as (sql: string, ...rest: unknown[]) => Promise<unknown>;
  const transaction = client.transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  Object.assign(client, {
    query: (sql: string, ...rest: unknown[]) =>
      changesAppData(sql) ? bumpAfter(query(sql, ...rest)) : query(sql, ...rest),
    exec: (sql: string, ...rest: unknown[]) =>
      changesAppData(sql) ? bumpAfter(exec(sql, ...rest)) : exec(sql, ...rest),
    transaction: (...args: unknown[]) => bumpAfter(transaction(...args)),
  });
  return () => generation;
}
