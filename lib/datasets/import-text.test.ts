import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countDatasets, countSamples, getDataset, iterateSamples } from "@/db/queries/datasets";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { ImportError } from "./errors";
import { sha256Hex } from "./hash";
import { importText, type TextColumns } from "./import-text";
import { clearDatasets } from "./test-fixtures";

async function expectRejected(db: TestDatabase, fn: () => Promise<unknown>, code: string, parts: string[]) {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, "the import should have been rejected").toBeInstanceOf(ImportError);
  expect((caught as ImportError).code).toBe(code);
  for (const p of parts) expect((caught as ImportError).message).toContain(p);
  expect(await countDatasets(db.db)).toBe(0);
  expect(await countSamples(db.db)).toBe(0);
  return caught as ImportError;
}

// Row 3 of the file (data row 2) holds a quoted text over two lines, so the record after it is on
// line 5: the row numbers below count lines, as the other importers do (header = row 1).
const CSV = [
  "id,text,party,year,label",
  "a1,Fellow-Citizens of the Senate.,Federalist,1790,1790s",
  'a2,"Tonight, the state of our union\nis strong.",Democratic,1998,1990s',
  "a3,  We meet in a time of war.  ,,2002,2000s",
].join("\n");

const columns: TextColumns = {
  text: "text",
  label: "label",
  attributes: [
    { name: "party", protected: true },
    { name: "year", protected: false },
  ],
};

for (const driver of testDrivers()) {
  describe(`importText (${driver.name})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await driver.open();
    });
    afterAll(async () => {
      await db.destroy();
    });
    beforeEach(async () => {
      await clearDatasets(db.db);
    });

    it("stores trimmed texts hashed by sha256, labels, attributes and the column roles", async () => {
      const csv = `${CSV}\na4,abc,Whig,1841,1840s`;
      const r = await importText({ csvText: csv, csvName: "speeches.csv", name: "speeches", columns }, db.db);
      expect(r.created).toBe(true);
      expect(r.sampleCount).toBe(4);
      expect(r.skipped).toEqual([]);
      const rows = await iterateSamples(db.db, r.datasetId, { fromOrdinal: 0, limit: 10 });
      // The id column is used without being named: the header has one.
      expect(rows.map((s) => s.externalId)).toEqual(["a1", "a2", "a3", "a4"]);
      expect(rows.map((s) => s.text)).toEqual([
        "Fellow-Citizens of the Senate.",
        "Tonight, the state of our union\nis strong.",
        "We meet in a time of war.",
        "abc",
      ]);
      // sha256("abc") is the FIPS 180-2 example digest (Appendix B.1).
      expect(rows[3]!.contentHash).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      // The trimmed text is what is hashed (the cell had two spaces at each end).
      expect(rows[2]!.contentHash).toBe(sha256Hex("We meet in a time of war."));
      expect(rows.map((s) => s.label)).toEqual(["1790s", "1990s", "2000s", "1840s"]);
      expect(rows[2]!.attributes).toEqual({ party: null, year: "2002" });
      expect(rows.every((s) => s.content === null)).toBe(true);
      const d = await getDataset(db.db, r.datasetId);
      expect(d).toMatchObject({
        kind: "text",
        textColumn: "text",
        labelColumn: "label",
        featureColumns: [],
        sampleCount: 4,
        missingCounts: { party: 1, year: 0 },
        attributeColumns: columns.attributes,
      });
    });

    it("recognises a re-import of the same content, in any row order, and tells changed roles apart", async () => {
      const first = await importText({ csvText: CSV, name: "speeches", columns }, db.db);
      const lines = CSV.split("\n");
      // Same samples, rows reversed (the quoted two-line text moves as one record).
      const reordered = [lines[0], lines[4], `${lines[2]}\n${lines[3]}`, lines[1]].join("\n");
      const again = await importText({ csvText: reordered, name: "another name", columns }, db.db);
      expect(again).toEqual({ ...first, created: false });
      expect(await countDatasets(db.db)).toBe(1);
      expect(await countSamples(db.db)).toBe(3);
      // Marking year as protected makes it another dataset.
      const changed = await importText(
        {
          csvText: CSV,
          name: "speeches (year protected)",
          columns: {
            ...columns,
            attributes: [
              { name: "party", protected: true },
              { name: "year", protected: true },
            ],
          },
        },
        db.db,
      );
      expect(changed.created).toBe(true);
      expect(changed.contentHash).not.toBe(first.contentHash);
      // So does one changed character in one text.
      const edited = await importText(
        { csvText: CSV.replace("Senate.", "Senate!"), name: "edited", columns },
        db.db,
      );
      expect(edited.created).toBe(true);
      expect(await countSamples(db.db)).toBe(9);
    });

    it("rejects an empty text, naming file, row and column, and writes nothing", async () => {
      const bad = `${CSV}\na4,   ,Republican,2005,2000s`;
      // a4 is on line 6: header 1, a1 2, a2 3-4, a3 5.
      const e = await expectRejected(
        db,
        () => importText({ csvText: bad, csvName: "speeches.csv", name: "x", columns }, db.db),
        "missing-value",
        ['speeches.csv, row 6, column "text": the text cell is empty'],
      );
      expect([e.file, e.row, e.column]).toEqual(["speeches.csv", 6, "text"]);
    });

    it("rejects a duplicate id, an empty id and an empty label", async () => {
      await expectRejected(
        db,
        () =>
          importText(
            { csvText: `${CSV}\na1,More words.,Whig,1841,1840s`, csvName: "s.csv", name: "x", columns },
            db.db,
          ),
        "duplicate-id",
        ['s.csv, row 6, column "id": id "a1" appears twice (rows 2 and 6)'],
      );
      await expectRejected(
        db,
        () =>
          importText(
            { csvText: `${CSV}\n,More words.,Whig,1841,1840s`, csvName: "s.csv", name: "x", columns },
            db.db,
          ),
        "missing-value",
        ['s.csv, row 6, column "id": the id cell is empty'],
      );
      await expectRejected(
        db,
        () =>
          importText(
            { csvText: `${CSV}\na9,More words.,Whig,1841,`, csvName: "s.csv", name: "x", columns },
            db.db,
          ),
        "missing-value",
        ['s.csv, row 6, column "label": the label cell is empty'],
      );
    });

    it("rejects a text over the length limit, a missing column, a column with two roles, a ragged row", async () => {
      await expectRejected(
        db,
        () => importText({ csvText: CSV, csvName: "s.csv", name: "x", columns, maxTextChars: 30 }, db.db),
        "limit-exceeded",
        // Counted by hand: row 2's "Fellow-Citizens of the Senate." is 15 + 1 + 2 + 1 + 3 + 1 + 7 = 30
        // characters and passes; the next record (lines 3-4) is "Tonight, the state of our union" (31)
        // + newline (1) + "is strong." (10) = 42 and is reported at line 4, where it ends.
        ['s.csv, row 4, column "text": the text has 42 characters, more than the limit of 30'],
      );
      await expectRejected(
        db,
        () =>
          importText(
            { csvText: CSV, csvName: "s.csv", name: "x", columns: { ...columns, text: "body" } },
            db.db,
          ),
        "invalid-options",
        ['s.csv: the text column "body" is not in the header (columns: id, text, party, year, label)'],
      );
      await expectRejected(
        db,
        () =>
          importText(
            { csvText: CSV, csvName: "s.csv", name: "x", columns: { ...columns, label: "party" } },
            db.db,
          ),
        "invalid-options",
        ['column "party" is given two roles: label and attribute'],
      );
      await expectRejected(
        db,
        () => importText({ csvText: `${CSV}\na5,Words,Whig`, csvName: "s.csv", name: "x", columns }, db.db),
        "ragged-row",
        ["s.csv, row 6: has 3 fields, but the header has 5"],
      );
    });

    it("rolls back every sample already inserted when the import fails part-way", async () => {
      // 1,200 rows: the store inserts in batches of 500, so 1,000 rows are in the transaction when
      // the progress callback throws at row 1,000.
      const many = [
        "id,text,label",
        ...Array.from({ length: 1200 }, (_, i) => `t${i},passage number ${i},${i % 2 ? "odd" : "even"}`),
      ].join("\n");
      await expectRejected(
        db,
        () =>
          importText(
            {
              csvText: many,
              name: "many",
              columns: { label: "label" },
              onProgress: (p) => {
                if (p.phase === "store" && p.done === 1000)
                  throw new ImportError("no-samples", "stopped on purpose");
              },
            },
            db.db,
          ),
        "no-samples",
        ["stopped on purpose"],
      );
      // The same file without the failure imports in full.
      const ok = await importText({ csvText: many, name: "many", columns: { label: "label" } }, db.db);
      expect(ok.sampleCount).toBe(1200);
    });
  });
}
