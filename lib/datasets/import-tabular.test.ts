import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countDatasets, countSamples, datasetSummary, iterateSamples } from "@/db/queries/datasets";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { ImportError } from "./errors";
import { decodeFloat32LE } from "./features";
import { importEmbeddings } from "./import-embeddings";
import { importTabular } from "./import-tabular";
import { writeNpy } from "./npy";
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
}

const CSV = [
  "id,sex,race,education,wage,occupation",
  "w1,female,white,12,5.1,clerical",
  "w2,male,other,16,11.25,management",
  "w3,male,white,,7.5,sales",
  "w4,female,hispanic,9,4.0,",
].join("\n");

const cols = {
  id: "id",
  label: "occupation",
  features: "auto" as const,
  attributes: [
    { name: "sex", protected: true },
    { name: "race", protected: true },
  ],
};

for (const driver of testDrivers()) {
  describe(`importTabular and importEmbeddings (${driver.name})`, () => {
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

    it("stores numeric features as float32, skips a row with a missing feature, counts missing cells", async () => {
      const r = await importTabular(
        { csvText: CSV, csvName: "workers.csv", name: "workers", columns: cols },
        db.db,
      );
      expect(r.created).toBe(true);
      expect(r.sampleCount).toBe(3);
      // w3 has no education (row 4 of the file: header is row 1).
      expect(r.skipped).toEqual([
        { file: "workers.csv", row: 4, reason: 'missing value in feature column "education"' },
      ]);
      const rows = await iterateSamples(db.db, r.datasetId, { fromOrdinal: 0, limit: 10 });
      expect(rows.map((s) => s.externalId)).toEqual(["w1", "w2", "w4"]);
      // 'auto' picked the numeric columns education, wage in header order. float32(5.1) = 5.099999904632568.
      expect(Array.from(decodeFloat32LE(rows[0]!.content!))).toEqual([12, Math.fround(5.1)]);
      expect(Array.from(decodeFloat32LE(rows[1]!.content!))).toEqual([16, 11.25]);
      expect(rows[2]!.label).toBeNull();
      const s = await datasetSummary(db.db, r.datasetId);
      expect(s?.missingCounts).toEqual({ occupation: 1, education: 1, wage: 0, sex: 0, race: 0 });
      expect(s?.attributes[0]).toEqual({
        name: "sex",
        protected: true,
        inferredBy: null,
        counts: [
          { value: "female", count: 2 },
          { value: "male", count: 1 },
        ],
        missing: 0,
      });
      // Re-import of the same text: recognised, nothing new.
      const again = await importTabular({ csvText: CSV, name: "again", columns: cols }, db.db);
      expect(again).toMatchObject({ created: false, datasetId: r.datasetId });
      expect(await countSamples(db.db)).toBe(3);
      // Different roles (race no longer protected) are a different dataset.
      const other = await importTabular(
        {
          csvText: CSV,
          name: "other",
          columns: {
            ...cols,
            attributes: [
              { name: "sex", protected: true },
              { name: "race", protected: false },
            ],
          },
        },
        db.db,
      );
      expect(other.created).toBe(true);
    });

    it("rejects an empty CSV", async () => {
      await expectRejected(
        db,
        () => importTabular({ csvText: "", csvName: "e.csv", name: "e", columns: cols }, db.db),
        "empty-csv",
        ["e.csv: the CSV is empty"],
      );
      await expectRejected(
        db,
        () => importTabular({ csvText: "id,sex\n", csvName: "h.csv", name: "e", columns: cols }, db.db),
        "empty-csv",
        ["h.csv: the CSV has a header but no data rows"],
      );
    });

    it("rejects an unparseable CSV (unclosed quote), naming the row", async () => {
      await expectRejected(
        db,
        () =>
          importTabular(
            {
              csvText: 'id,wage\na,1\nb,"2\nc,3\n',
              csvName: "q.csv",
              name: "q",
              columns: { features: ["wage"] },
            },
            db.db,
          ),
        "unparseable-csv",
        ["q.csv", "cannot be parsed as CSV", "Quote Not Closed"],
      );
    });

    it("rejects a ragged row, naming file and row", async () => {
      await expectRejected(
        db,
        () =>
          importTabular(
            {
              csvText: "id,wage\na,1\nb,2,3\n",
              csvName: "r.csv",
              name: "r",
              columns: { features: ["wage"] },
            },
            db.db,
          ),
        "ragged-row",
        ["r.csv, row 3: has 3 fields, but the header has 2"],
      );
    });

    it("rejects a non-numeric feature value, naming row and column", async () => {
      const text = CSV.replace("11.25", "eleven");
      await expectRejected(
        db,
        () =>
          importTabular(
            {
              csvText: text,
              csvName: "w.csv",
              name: "w",
              columns: { ...cols, features: ["education", "wage"] },
            },
            db.db,
          ),
        "non-numeric",
        ['w.csv, row 3, column "wage": feature value "eleven" is not a number'],
      );
    });

    it("rejects duplicate sample ids", async () => {
      const text = CSV.replace("w4,", "w2,");
      await expectRejected(
        db,
        () => importTabular({ csvText: text, csvName: "d.csv", name: "d", columns: cols }, db.db),
        "duplicate-id",
        ['d.csv, row 5, column "id": id "w2" appears twice (rows 3 and 5)'],
      );
    });

    it("imports embeddings from a .npy with an ids CSV", async () => {
      const data = new Float64Array([0.5, -1, 2, 0.25, 1e-3, 3]);
      const npy = writeNpy({ dtype: "float64", shape: [3, 2], data });
      const r = await importEmbeddings(
        {
          npyBuffer: npy,
          npyName: "E.npy",
          idsCsv: { text: "id,label,group\na,cat,g1\nb,dog,g2\nc,cat,\n", name: "ids.csv" },
          columns: { id: "id", label: "label", attributes: [{ name: "group", protected: false }] },
          name: "emb",
        },
        db.db,
      );
      expect(r.sampleCount).toBe(3);
      const rows = await iterateSamples(db.db, r.datasetId, { fromOrdinal: 1, limit: 5 });
      expect(rows.map((s) => s.externalId)).toEqual(["b", "c"]);
      // Row 1 of the array is [2, 0.25]; float64 -> float32 is exact for both.
      expect(Array.from(decodeFloat32LE(rows[0]!.content!))).toEqual([2, 0.25]);
      expect(rows[1]!.attributes).toEqual({ group: null });
    });

    it("rejects embeddings whose ids CSV has a different row count, or a non-finite value", async () => {
      const npy = writeNpy({ dtype: "float32", shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) });
      await expectRejected(
        db,
        () =>
          importEmbeddings(
            {
              npyBuffer: npy,
              npyName: "E.npy",
              idsCsv: { text: "id\na\nb\nc\n", name: "ids.csv" },
              name: "x",
            },
            db.db,
          ),
        "invalid-options",
        ["ids.csv: has 3 data rows, but E.npy has 2 embedding rows"],
      );
      const nan = writeNpy({
        dtype: "float32",
        shape: [2, 2],
        data: new Float32Array([1, 2, Number.NaN, 4]),
      });
      await expectRejected(
        db,
        () =>
          importEmbeddings(
            { npyBuffer: nan, npyName: "E.npy", idsCsv: { text: "id\na\nb\n", name: "ids.csv" }, name: "x" },
            db.db,
          ),
        "bad-npy",
        ["E.npy: row 1, column 0 (0-based) is NaN"],
      );
    });
  });
}
