/**
 * Read load on the embedded default: 50 concurrent readers of an audit's report page (signed in)
 * and of its share link (anonymous), over loopback with autocannon.
 *
 *   npm run bench:load -- [--connections 50] [--duration 20] [--port 3200] [--p95-ms 300]
 *                         [--data .data/bench-load] [--fresh]
 *
 * The first run prepares a data directory (or reuses one holding a finished audit): starts the app
 * as `npm start` does (it builds when the sources changed), lets it seed the demo until a first
 * demo audit is done, stops it, cancels the demo audits still running (so the measured app is
 * idle), then adds a bench account (the CLI's `admin create`, role viewer) and a share link.
 * Requests carry a browser's Accept and Accept-Encoding headers.
 * Later runs reuse that directory (--fresh starts over). Then the app is started again, idle, and
 * each URL gets `--duration` seconds of load after a short warm-up. Every response's latency is
 * kept (autocannon's own summary has no p95), and p50 / p95 / p99 are printed; exit 1 when a p95
 * reaches --p95-ms or any response is not a 200.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { childPids, watchPeakRss } from "./peak-rss";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLI = path.join(ROOT, "scripts/bin/transfer-audit.mjs");
const ACCOUNT = { email: "bench@load.test", password: "bench load password 1" };

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "50" },
    duration: { type: "string", default: "20" },
    port: { type: "string", default: "3200" },
    "p95-ms": { type: "string", default: "300" },
    data: { type: "string", default: ".data/bench-load" },
    fresh: { type: "boolean", default: false },
  },
});
const connections = Number(values.connections);
const duration = Number(values.duration);
const port = Number(values.port);
const p95Limit = Number(values["p95-ms"]);
const dataDir = path.resolve(ROOT, values.data);
const origin = `http://localhost:${port}`;
const readyFile = path.join(dataDir, "bench-load.json");

/** autocannon 9 ships no types; the part used here. */
interface AutocannonInstance {
  on(event: "response", fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  then: Promise<{ requests: { total: number }; non2xx: number; errors: number; timeouts: number }>["then"];
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  /** Seconds before a request counts as timed out. */
  timeout?: number;
}) => AutocannonInstance;
const TIMEOUT_S = 10;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const appEnv = {
  ...process.env,
  PORT: String(port),
  TA_DATA_DIR: dataDir,
  DATABASE_URL: "",
  POSTGRES_URL: "",
  TA_ROOT: ROOT,
};

interface App {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** `npm start` in its own process group (killing start.mjs alone would leave the server running). */
function startApp(): App {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs")], {
    cwd: ROOT,
    env: appEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return;
      // start.mjs forwards SIGTERM to the server, which finishes its jobs and closes the database;
      // a second SIGTERM to the whole group would cut that short. The group is killed only if the
      // server has not stopped within a minute.
      child.kill("SIGTERM");
      const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number, app: App) {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (app.child.exitCode !== null)
      throw new Error(`the app exited while waiting for ${what}:\n${app.output().slice(-3000)}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}:\n${app.output().slice(-3000)}`);
    await sleep(1000);
  }
}

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`${origin}/api/health`)).ok;
  } catch {
    return false;
  }
}

/** A finished audit in the (stopped) app's database, or null. Cancels the unfinished ones. */
async function finishedAudit(): Promise<string | null> {
  if (!fs.existsSync(path.join(dataDir, "pglite"))) return null;
  const { openDatabase } = await import("@/db/client");
  const { audits } = await import("@/db/schema");
  const { eq, inArray } = await import("drizzle-orm");
  const database = await openDatabase({ url: `pglite:${path.join(dataDir, "pglite")}` });
  try {
    const [done] = await database.db.select({ id: audits.id }).from(audits).where(eq(audits.status, "done"));
    if (!done) return null;
    // The other demo audits would keep computing in the background while readers are measured:
    // this directory is the bench's own, so they are cancelled and the measured app is idle.
    await database.db
      .update(audits)
      .set({ status: "cancelled" })
      .where(inArray(audits.status, ["queued", "running"]));
    return done.id;
  } finally {
    await database.close();
  }
}

/** First run: the demo seeded until an audit is done, a bench account, a share link. */
async function prepare(): Promise<{ auditId: string; token: string }> {
  let auditId = values.fresh ? null : await finishedAudit();
  if (!auditId) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(`preparing ${dataDir}: first start seeds the demo (several minutes on two cores)…`);
    const app = startApp();
    try {
      await until("the app to answer /api/health", healthy, 15 * 60_000, app);
      // Stage completions are printed by the runner; the first finished report is enough.
      await until(
        "a first demo audit to finish",
        () => /audit\.stage stage:\S+:report done/.test(app.output()),
        30 * 60_000,
        app,
      );
    } finally {
      await app.stop();
    }
    auditId = await finishedAudit();
    if (!auditId) throw new Error("the demo finished no audit");
  }
  const admin = spawn(
    process.execPath,
    [CLI, "admin", "create", "--email", ACCOUNT.email, "--password", ACCOUNT.password, "--role", "viewer"],
    { cwd: ROOT, env: appEnv, stdio: "inherit" },
  );
  const code = await new Promise<number | null>((resolve) => admin.once("exit", resolve));
  if (code !== 0) throw new Error(`admin create exited ${code}`);
  // The share link is made the way the share panel makes it, on the stopped app's database.
  const { openDatabase } = await import("@/db/client");
  const { createShareLink } = await import("@/lib/reports/share");
  const database = await openDatabase({ url: `pglite:${path.join(dataDir, "pglite")}` });
  try {
    const { token } = await createShareLink(database.db, {
      auditId,
      label: "bench:load",
      expiresAt: null,
      createdBy: null,
    });
    fs.writeFileSync(readyFile, JSON.stringify({ auditId, token }));
    return { auditId, token };
  } finally {
    await database.close();
  }
}

async function signIn(): Promise<string> {
  const res = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(ACCOUNT),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

function percentile(sorted: number[], p: number): number {
  // Nearest-rank percentile.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * What a browser sends with a page navigation: readers are browsers, and a browser always accepts
 * gzip (the app server replays cached pages compressed: lib/server/page-cache).
 */
const BROWSER_HEADERS = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br",
};

async function load(name: string, url: string, extraHeaders: Record<string, string>) {
  const headers = { ...BROWSER_HEADERS, ...extraHeaders };
  // Warm-up: the first render of a page compiles and fills caches; it is not what readers see.
  let cache = "";
  for (let i = 0; i < 3; i++) {
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    cache = res.headers.get("x-ta-page-cache") ?? "off";
  }
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const instance = autocannon({ url, connections, duration, headers, timeout: TIMEOUT_S });
  instance.on("response", (_c, status, _b, ms) => {
    latencies.push(ms);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  const result = await instance;
  const completed = latencies.length;
  // A request autocannon gave up on took at least its timeout: counted at that value, so the
  // percentiles are lower bounds when there are timeouts, never flattered by leaving them out.
  for (let i = 0; i < result.timeouts; i++) latencies.push(TIMEOUT_S * 1000);
  latencies.sort((a, b) => a - b);
  const row = {
    url: name,
    "page cache": cache,
    answered: completed,
    "answered/s": (completed / duration).toFixed(1),
    "p50 ms": percentile(latencies, 50).toFixed(0),
    "p95 ms": percentile(latencies, 95).toFixed(0),
    "p99 ms": percentile(latencies, 99).toFixed(0),
    statuses: [...statuses].map(([s, k]) => `${s}: ${k}`).join(", "),
    timeouts: result.timeouts,
    errors: result.errors - result.timeouts,
  };
  return { row, p95: percentile(latencies, 95), bad: result.non2xx + result.errors };
}

const ready =
  !values.fresh && fs.existsSync(readyFile)
    ? (JSON.parse(fs.readFileSync(readyFile, "utf8")) as { auditId: string; token: string })
    : await prepare();

const app = startApp();
const failures: string[] = [];
try {
  await until("the app to answer /api/health", healthy, 15 * 60_000, app);
  // start.mjs runs the server (scripts/server.ts) as its child: that process serves the pages.
  const serverPid = childPids(app.child.pid!)[0] ?? app.child.pid!;
  const rss = watchPeakRss(serverPid);
  const cookie = await signIn();
  const rows = [];
  for (const [name, url, headers] of [
    ["report page (signed in)", `${origin}/audits/${ready.auditId}`, { cookie }],
    ["share link (anonymous)", `${origin}/share/${ready.token}`, {}],
  ] as const) {
    const r = await load(name, url, headers);
    rows.push(r.row);
    if (r.p95 >= p95Limit) failures.push(`${name}: p95 ${r.p95.toFixed(0)} ms >= ${p95Limit} ms`);
    if (r.bad > 0)
      failures.push(`${name}: ${r.bad} requests were not a 200 or timed out (${r.row.statuses})`);
  }
  console.log(
    `\nbench:load: ${connections} connections x ${duration} s per URL, embedded database, port ${port}, ` +
      `browser headers (Accept-Encoding: gzip, deflate, br)`,
  );
  console.table(rows);
  console.log(`app server process (pid ${serverPid}) peak RSS: ${rss.stop().toFixed(0)} MB`);
} finally {
  await app.stop();
}
if (failures.length > 0) {
  console.error(`FAILED:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`p95 under ${p95Limit} ms on both`);
process.exit(0);
