import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { datasets } from "./schema";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ta-lock-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs a second Node process that tries to open the same embedded database. */
function openInChild(dir: string): Promise<{ code: number | null; stderr: string; ms: number }> {
  const script = `
    import { openDatabase } from "./db/client.ts";
    try { await openDatabase({ url: "pglite:${dir}" }); console.log("opened"); process.exit(0); }
    catch (e) { console.error(e.message); process.exit(3); }`;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: process.cwd(),
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("exit", (code) => resolve({ code, stderr, ms: Date.now() - started }));
  });
}

describe("embedded database lock", () => {
  it("makes a second process fail at once naming the holder's pid, and the first keeps working", async () => {
    const dir = path.join(tmp, "db1");
    const first = await openDatabase({ url: `pglite:${dir}` });
    await first.db.insert(datasets).values({ name: "kept", kind: "tabular", contentHash: "h1" });

    const second = await openInChild(dir);
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`in use by process ${process.pid}`);
    expect(second.stderr).toContain(dir);

    // The first process still reads and writes.
    await first.db.insert(datasets).values({ name: "still", kind: "tabular", contentHash: "h2" });
    const rows = await first.db.select().from(datasets);
    expect(rows.map((r) => r.name).sort()).toEqual(["kept", "still"]);
    await first.close();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  it("takes over a stale lock left by a process that died", async () => {
    const dir = path.join(tmp, "db2");
    fs.mkdirSync(dir, { recursive: true });
    // pid 2^22+7 is above Linux's default pid_max, so no live process holds it.
    fs.writeFileSync(
      `${dir}.lock`,
      JSON.stringify({ pid: 4194311, host: os.hostname(), startedAt: "2020-01-01", command: "x" }),
    );
    const d = await openDatabase({ url: `pglite:${dir}` });
    expect(JSON.parse(fs.readFileSync(`${dir}.lock`, "utf8")).pid).toBe(process.pid);
    await d.close();
  });
});
