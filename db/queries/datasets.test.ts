import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { importImages } from "@/lib/datasets/import-images";
import { importTabular } from "@/lib/datasets/import-tabular";
import { makePng, tempDir, writeTree } from "@/lib/datasets/test-fixtures";
import {
  datasetSummary,
  deleteDataset,
  eachSampleBatch,
  getDataset,
  iterateSamples,
  listDatasets,
  sampleContent,
  samplePage,
} from "./datasets";

// 7 rows; labels a,a,b,a,c,(missing),b; group x,y,x,x,(missing),y,y.
const CSV = "id,f,label,group\n1,0.5,a,x\n2,1,a,y\n3,2,b,x\n4,3,a,x\n5,4,c,\n6,5,,y\n7,6,b,y\n";

for (const driver of testDrivers()) {
  describe(`dataset queries (${driver.name})`, () => {
    let db: TestDatabase;
    let tabularId: string;
    let imageId: string;
    const tmp = tempDir();
    let png: Buffer;
    beforeAll(async () => {
      db = await driver.open();
      tabularId = (
        await importTabular(
          {
            csvText: CSV,
            name: "t",
            columns: {
              id: "id",
              label: "label",
              features: ["f"],
              attributes: [{ name: "group", protected: true }],
            },
          },
          db.db,
        )
      ).datasetId;
      png = await makePng(3, 5, 4);
      writeTree(tmp.dir, { "k/1.png": png, "k/2.png": await makePng(4, 5, 4) });
      imageId = (await importImages({ folder: tmp.dir, name: "i" }, db.db)).datasetId;
    });
    afterAll(async () => {
      await db.destroy();
      tmp.cleanup();
    });

    it("lists and gets datasets; a malformed id is 'not found', not an error", async () => {
      const list = await listDatasets(db.db);
      expect(list.map((d) => d.name).sort()).toEqual(["i", "t"]);
      expect(list.find((d) => d.name === "t")).toMatchObject({
        sampleCount: 7,
        skippedCount: 0,
        kind: "tabular",
      });
      expect((await getDataset(db.db, tabularId))?.featureColumns).toEqual(["f"]);
      expect(await getDataset(db.db, "not-a-uuid")).toBeNull();
      expect(await getDataset(db.db, "00000000-0000-0000-0000-000000000000")).toBeNull();
    });

    it("summarises label and attribute distributions with missing counts", async () => {
      const s = await datasetSummary(db.db, tabularId);
      // Counted by hand from CSV above.
      expect(s?.label).toEqual({
        column: "label",
        counts: [
          { value: "a", count: 3 },
          { value: "b", count: 2 },
          { value: "c", count: 1 },
        ],
        missing: 1,
      });
      expect(s?.attributes).toEqual([
        {
          name: "group",
          protected: true,
          inferredBy: null,
          counts: [
            { value: "x", count: 3 },
            { value: "y", count: 3 },
          ],
          missing: 1,
        },
      ]);
      expect(s?.missingCounts).toEqual({ label: 1, f: 0, group: 1 });
      expect(await datasetSummary(db.db, "nope")).toBeNull();
    });

    it("pages samples in ordinal order and serves an image's bytes", async () => {
      const page = await samplePage(db.db, tabularId, { offset: 2, limit: 3 });
      expect(page.total).toBe(7);
      expect(page.samples.map((s) => s.externalId)).toEqual(["3", "4", "5"]);
      expect("content" in page.samples[0]!).toBe(false);
      await expect(samplePage(db.db, tabularId, { offset: -1, limit: 3 })).rejects.toThrow(
        "offset must be an integer >= 0",
      );

      const [first] = await iterateSamples(db.db, imageId, { fromOrdinal: 0, limit: 1 });
      const c = await sampleContent(db.db, first!.id);
      expect(c?.mime).toBe("image/png");
      expect([c?.width, c?.height]).toEqual([5, 4]);
      expect(Buffer.from(c!.content!).equals(png)).toBe(true);
      expect(await sampleContent(db.db, 987654321)).toBeNull();
    });

    it("iterates every sample in batches, in order", async () => {
      const seen: number[] = [];
      for await (const batch of eachSampleBatch(db.db, tabularId, 3)) {
        expect(batch.length).toBeLessThanOrEqual(3);
        seen.push(...batch.map((s) => s.ordinal));
      }
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
      await expect(iterateSamples(db.db, tabularId, { fromOrdinal: 0, limit: 0 })).rejects.toThrow(
        "limit must be an integer >= 1",
      );
    });

    it("deletes a dataset with its samples", async () => {
      expect(await deleteDataset(db.db, imageId)).toBe(true);
      expect(await iterateSamples(db.db, imageId, { fromOrdinal: 0, limit: 5 })).toEqual([]);
      expect(await deleteDataset(db.db, imageId)).toBe(false);
    });
  });
}
