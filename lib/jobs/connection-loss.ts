/**
 * Losing the database for a moment (a PostgreSQL restart, a failover, a network cut) must not end
 * a worker or the app: the job in hand is retried, never lost.
 *
 * pg-boss 10 records a finished job with `complete()` / `fail()` called without `await` or `catch`
 * (src/manager.js, the work loop's onFetch): when the server is down at that instant the promise
 * rejects unhandled and Node ends the process. Found by the real restart test
 * (lib/jobs/faults/workers.test.ts). `guardJobCompletions()` wraps those two methods once per
 * process: a connection loss is logged and the job is left active, so pg-boss hands it out again
 * when its lease ends (every stage is idempotent: a re-run stores nothing twice). Any other error
 * still rejects as before.
 */
import { createRequire } from "node:module";

/** The server ended the connection, refused it, or is shutting down / starting up. */
export function isConnectionLoss(e: unknown): boolean {
  for (let c: unknown = e; c instanceof Error; c = (c as Error & { cause?: unknown }).cause) {
    const code = (c as Error & { code?: string }).code;
    if (["57P01", "57P02", "57P03", "ECONNRESET", "ECONNREFUSED", "EPIPE"].includes(code ?? "")) return true;
    if (/Connection terminated|connection ended|terminating connection/i.test(c.message)) return true;
  }
  return false;
}

type Method = (this: unknown, ...args: unknown[]) => Promise<unknown>;

export function guardJobCompletions(): void {
  const g = globalThis as unknown as { __taGuardedCompletions?: boolean };
  if (g.__taGuardedCompletions) return;
  // The same module instance pg-boss's index loads (`require('./manager')`): one cache entry.
  const Manager = createRequire(import.meta.url)("pg-boss/src/manager.js") as {
    prototype: Record<string, Method>;
  };
  for (const name of ["complete", "fail"]) {
    const original = Manager.prototype[name];
    if (typeof original !== "function")
      throw new Error(`pg-boss: Manager.prototype.${name} is gone; review lib/jobs/connection-loss.ts`);
    Manager.prototype[name] = async function (this: unknown, ...args: unknown[]) {
      try {
        return await original.apply(this, args);
      } catch (e) {
        if (!isConnectionLoss(e)) throw e;
        console.warn(
          `[jobs] ${name}() not recorded, the database is unreachable (${(e as Error).message}): ` +
            "the job stays active and is handed out again when its lease ends",
        );
        return { jobs: [], requested: 0, affected: 0 };
      }
    };
  }
  g.__taGuardedCompletions = true;
}
