import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countSamples } from "@/db/queries/datasets";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { tempDir } from "@/lib/datasets/test-fixtures";
import { runImport } from "./import";

const CSV =
  "id,sex,race,education,wage,occupation\n1,f,white,12,5.1,clerical\n2,m,other,16,11.25,management\n3,m,white,9,7.5,sales\n";

function capture() {
  const lines: string[] = [];
  return { lines, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
}

describe("runImport without a database", () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it("--preview prints columns, types and proposed roles, storing nothing", async () => {
    const file = path.join(tmp.dir, "w.csv");
    writeFileSync(file, CSV);
    const c = capture();
    expect(await runImport(["--tabular", file, "--preview"], c)).toBe(0);
    const text = c.lines.join("\n");
    expect(text).toContain("tabular preview of w.csv: 3 rows");
    expect(text).toContain("wage: number, 3 distinct, 0 missing");
    expect(text).toContain("attributes: sex (protected), race (protected)");
  });

  it("reports usage errors with exit code 2", async () => {
    const c = capture();
    expect(await runImport(["--tabular", "x.csv", "--images", "d"], c)).toBe(2);
    expect(c.lines[0]).toContain("give exactly one of --images, --tabular and --embeddings");
    expect(await runImport(["--tabular", "x.csv"], capture())).toBe(2);
  });
});

for (const driver of testDrivers()) {
  describe(`runImport (${driver.name})`, () => {
    let db: TestDatabase;
    const tmp = tempDir();
    beforeAll(async () => {
      db = await driver.open();
    });
    afterAll(async () => {
      await db.destroy();
      tmp.cleanup();
    });

    it("imports a tabular CSV, then recognises it; --json prints the result", async () => {
      const file = path.join(tmp.dir, "w.csv");
      writeFileSync(file, CSV);
      const argv = [
        "--tabular",
        file,
        "--label",
        "occupation",
        "--features",
        "auto",
        "--attributes",
        "sex",
        "--protected",
        "sex,race",
        "--name",
        "W",
      ];
      const c = capture();
      expect(await runImport(argv, { ...c, db: db.db })).toBe(0);
      expect(c.lines[0]).toMatch(/^Imported "W": 3 samples \(dataset [0-9a-f-]{36}\)\.$/);
      const j = capture();
      expect(await runImport([...argv, "--json"], { ...j, db: db.db })).toBe(0);
      expect(JSON.parse(j.lines[0]!)).toMatchObject({ created: false, sampleCount: 3, skipped: [] });
      expect(await countSamples(db.db)).toBe(3);
    });

    it("exits 1 with the validation message when the import is rejected", async () => {
      const file = path.join(tmp.dir, "bad.csv");
      writeFileSync(file, CSV.replace("7.5", "n/a!"));
      const c = capture();
      expect(
        await runImport(["--tabular", file, "--features", "education,wage", "--name", "B", "--json"], {
          ...c,
          db: db.db,
        }),
      ).toBe(1);
      expect(JSON.parse(c.lines[0]!).error).toEqual({
        code: "non-numeric",
        message: 'bad.csv, row 4, column "wage": feature value "n/a!" is not a number',
        file: "bad.csv",
        row: 4,
        column: "wage",
      });
      expect(await countSamples(db.db)).toBe(3);
    });
  });
}
