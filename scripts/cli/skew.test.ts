import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runSkew } from "./skew";

const dir = mkdtempSync(path.join(tmpdir(), "skew-"));

function csv(name: string, header: string[], rows: string[][]): string {
  const file = path.join(dir, name);
  writeFileSync(file, [header, ...rows].map((r) => r.join(",")).join("\n"));
  return file;
}

const rep = (row: string[], n: number) => Array.from({ length: n }, () => row);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const w = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
    err += a.join(" ");
  });
  const code = await runSkew(argv);
  w.mockRestore();
  e.mockRestore();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe("transfer-audit skew", () => {
  // Source: A 60, B 40 (plus 2 missing). Target: A 50 with 20 "yes", B 50 with 10 "yes".
  // TVD = ½(|0.6 − 0.5| + |0.4 − 0.5|) = 0.1. Favourable "yes": rate A 0.4, B 0.2 → privileged A,
  // SPD(B) = −0.2, DI(B) = 0.5.
  const source = csv(
    "s.csv",
    ["id", "grp"],
    [...rep(["1", "A"], 60), ...rep(["2", "B"], 40), ...rep(["3", ""], 2)],
  );
  const target = csv(
    "t.csv",
    ["grp", "y"],
    [...rep(["A", "yes"], 20), ...rep(["A", "no"], 30), ...rep(["B", "yes"], 10), ...rep(["B", "no"], 40)],
  );

  it("prints tvd, js, chi2_pvalue, groups, and spd / di on the target", async () => {
    const { code, out } = await run([
      "--source",
      source,
      "--target",
      target,
      "--attribute",
      "grp",
      "--label",
      "y",
      "--favourable",
      "yes",
      "--json",
    ]);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.tvd).toBeCloseTo(0.1, 14);
    expect(j.js).toBeGreaterThan(0);
    expect(j.chi2_pvalue).toBeGreaterThan(0);
    expect(j.source).toEqual({ n: 100, missing: 2 });
    const a = j.groups.find((g: { group: string }) => g.group === "A");
    expect(a.source.count).toBe(60);
    expect(a.target.count).toBe(50);
    expect(a.ratio).toBeCloseTo(0.6 / 0.5, 14);
    expect(a.source.lower).toBeLessThan(0.6);
    expect(j.spd).toBeCloseTo(-0.2, 14);
    expect(j.di).toBeCloseTo(0.5, 14);
    expect(j.fairness.privileged).toBe("A");
    expect(j.fairness.computed_on).toMatch(/observed labels/);
    expect(Array.isArray(j.warnings)).toBe(true);
  });

  it("names the file and the column when a column is missing", async () => {
    const { code, err } = await run(["--source", source, "--target", target, "--attribute", "sex"]);
    expect(code).toBe(1);
    expect(err).toContain(`${source}: no column "sex"`);
  });

  it("returns 2 on a usage error", async () => {
    const { code, err } = await run(["--source", source]);
    expect(code).toBe(2);
    expect(err).toMatch(/--target is required/);
  });
});
