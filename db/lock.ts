import fs from "node:fs";
import os from "node:os";

/**
 * An exclusive lock on the embedded database directory. PGlite does not lock its directory and
 * two processes writing one directory corrupt it silently, so the second one must fail at once
 * with a message naming the holder.
 */
export class DatabaseLockedError extends Error {
  readonly code = "DATABASE_LOCKED";
  constructor(
    readonly dir: string,
    readonly holderPid: number,
    holderInfo: string,
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${holderPid}${holderInfo}. ` +
        "Only one process may open it: stop that process first, or set DATABASE_URL to share a PostgreSQL server between processes.",
    );
    this.name = "DatabaseLockedError";
  }
}

interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
  } catch {
    return null;
  }
}

/** Takes the lock or throws DatabaseLockedError. Returns a release function. */
export function acquireDirectoryLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = `${dir}.lock`;
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, "wx");
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const held = readLock(file);
        if (held?.pid === process.pid) fs.rmSync(file, { force: true });
        process.off("exit", release);
      };
      process.on("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const held = readLock(file);
      // A lock written by a process on this host that no longer runs is stale: take it over.
      if (held && held.host === os.hostname() && held.pid !== process.pid && !isAlive(held.pid)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (!held) {
        // Half-written lock from a crash in the few microseconds between open and write.
        const age = Date.now() - fs.statSync(file).mtimeMs;
        if (age > 5000) {
          fs.rmSync(file, { force: true });
          continue;
        }
        throw new DatabaseLockedError(dir, -1, " (lock file being written)");
      }
      throw new DatabaseLockedError(
        dir,
        held.pid,
        ` on ${held.host} since ${held.startedAt}${held.command ? ` (${held.command})` : ""}`,
      );
    }
  }
  throw new Error(`Could not take the lock on ${dir}`);
}
