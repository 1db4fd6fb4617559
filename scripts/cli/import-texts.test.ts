import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSamples, iterateSamples } from "@/db/queries/datasets";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { tempDir } from "@/lib/datasets/test-fixtures";
import { runImport } from "./import";

const CSV = 'body,party,decade\n"We meet, again.",Whig,1840s\nThe union is strong.,Democratic,1990s\n';

function capture() {
  const lines: string[] = [];
  return { lines, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
}

describe("runImport --texts usage", () => {
  it("refuses a second source and --preview with exit code 2", async () => {
    const c = capture();
    expect(await runImport(["--texts", "t.csv", "--tabular", "x.csv", "--name", "N"], c)).toBe(2);
    expect(c.lines[0]).toContain("give exactly one of --images, --tabular, --embeddings and --texts");
    const p = capture();
    expect(await runImport(["--texts", "t.csv", "--preview"], p)).toBe(2);
    expect(p.lines[0]).toContain("--preview is not available for --texts yet");
  });
});

// One driver: the importer underneath runs on every driver in lib/datasets/import-text.test.ts.
const driver = testDrivers()[0]!;

describe(`runImport --texts (${driver.name})`, () => {
  let db: TestDatabase;
  const tmp = tempDir();
  beforeAll(async () => {
    db = await driver.open();
  });
  afterAll(async () => {
    await db.destroy();
    tmp.cleanup();
  });

  it("imports a text CSV with the named columns, then recognises it", async () => {
    const file = path.join(tmp.dir, "speeches.csv");
    writeFileSync(file, CSV);
    const argv = [
      "--texts",
      file,
      "--text-column",
      "body",
      "--label",
      "decade",
      "--protected",
      "party",
      "--name",
      "Speeches",
    ];
    const c = capture();
    expect(await runImport(argv, { ...c, db: db.db })).toBe(0);
    const m = /^Imported "Speeches": 2 samples \(dataset ([0-9a-f-]{36})\)\.$/.exec(c.lines[0]!);
    expect(m).not.toBeNull();
    const rows = await iterateSamples(db.db, m![1]!, { fromOrdinal: 0, limit: 5 });
    expect(rows.map((r) => [r.externalId, r.text, r.label, r.attributes.party])).toEqual([
      ["row-2", "We meet, again.", "1840s", "Whig"],
      ["row-3", "The union is strong.", "1990s", "Democratic"],
    ]);
    const j = capture();
    expect(await runImport([...argv, "--json"], { ...j, db: db.db })).toBe(0);
    expect(JSON.parse(j.lines[0]!)).toMatchObject({ created: false, sampleCount: 2 });
    expect(await countSamples(db.db)).toBe(2);
  });

  it("exits 1 naming file, row and column when a text is empty, storing nothing", async () => {
    const file = path.join(tmp.dir, "bad.csv");
    writeFileSync(file, `${CSV}"  ",Whig,1850s\n`);
    const c = capture();
    const argv = ["--texts", file, "--text-column", "body", "--label", "decade", "--name", "Bad"];
    expect(await runImport(argv, { ...c, db: db.db })).toBe(1);
    expect(c.lines[0]).toBe(
      'Import rejected, nothing stored: bad.csv, row 4, column "body": the text cell is empty',
    );
    expect(await countSamples(db.db)).toBe(2);
  });
});
