import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countDatasets, countSamples, getDataset } from "@/db/queries/datasets";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { seedTextDemoDatasets, TEXT_DEMO_NAMES } from "./demo-text";

// One driver: the importer underneath runs on every driver in import-text.test.ts.
for (const driver of testDrivers().slice(0, 1)) {
  describe(`seedTextDemoDatasets (${driver.name})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await driver.open();
    });
    afterAll(async () => {
      await db.destroy();
    });

    it("imports both State of the Union CSVs once and recognises them on the next call", async () => {
      const first = await seedTextDemoDatasets(db.db);
      // public/demo/sotu/README.md: 1,000 passages in each file.
      expect(await countDatasets(db.db)).toBe(2);
      expect(await countSamples(db.db)).toBe(2000);
      for (const name of TEXT_DEMO_NAMES) {
        const d = await getDataset(db.db, first[name]);
        expect(d).toMatchObject({
          kind: "text",
          textColumn: "text",
          labelColumn: "label",
          isDemo: true,
          sampleCount: 1000,
        });
        expect(d?.attributeColumns).toEqual([
          { name: "party", protected: true },
          { name: "year", protected: false },
        ]);
      }
      const again = await seedTextDemoDatasets(db.db);
      expect(again).toEqual(first);
      expect(await countDatasets(db.db)).toBe(2);
      expect(await countSamples(db.db)).toBe(2000);
    });
  });
}
