import { symlinkSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countDatasets, countSamples, datasetSummary, iterateSamples } from "@/db/queries/datasets";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { ImportError } from "./errors";
import { importImages } from "./import-images";
import { clearDatasets, makePng, renameInZip, tempDir, writeTree, zipOf } from "./test-fixtures";

/** Runs `fn`, expects an ImportError with `code` whose message contains every part, and no rows written. */
async function expectRejected(db: TestDatabase, fn: () => Promise<unknown>, code: string, parts: string[]) {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, "the import should have been rejected").toBeInstanceOf(ImportError);
  const err = caught as ImportError;
  expect(err.code).toBe(code);
  for (const p of parts) expect(err.message).toContain(p);
  expect(await countDatasets(db.db)).toBe(0);
  expect(await countSamples(db.db)).toBe(0);
  return err;
}

for (const driver of testDrivers()) {
  describe(`importImages (${driver.name})`, () => {
    let db: TestDatabase;
    const tmp = tempDir();
    let pngs: Buffer[];

    beforeAll(async () => {
      db = await driver.open();
      pngs = await Promise.all([1, 2, 3, 4, 5].map((s) => makePng(s)));
    });
    afterAll(async () => {
      await db.destroy();
      tmp.cleanup();
    });
    beforeEach(async () => {
      await clearDatasets(db.db);
    });

    it("takes labels from sub-folder names when there is no manifest", async () => {
      const dir = `${tmp.dir}/folders`;
      writeTree(dir, {
        "cats/a.png": pngs[0]!,
        "cats/b.png": pngs[1]!,
        "dogs/c.png": pngs[2]!,
        ".DS_Store": "x",
      });
      const r = await importImages({ folder: dir, name: "pets" }, db.db);
      expect(r).toMatchObject({ created: true, sampleCount: 3, skipped: [] });
      const summary = await datasetSummary(db.db, r.datasetId);
      // 2 files under cats/, 1 under dogs/ (the .DS_Store is OS clutter, not a sample).
      expect(summary?.label?.counts).toEqual([
        { value: "cats", count: 2 },
        { value: "dogs", count: 1 },
      ]);
      const rows = await iterateSamples(db.db, r.datasetId, { fromOrdinal: 0, limit: 10 });
      expect(rows.map((s) => [s.ordinal, s.externalId, s.label, s.width, s.height, s.mime])).toEqual([
        [0, "cats/a.png", "cats", 8, 8, "image/png"],
        [1, "cats/b.png", "cats", 8, 8, "image/png"],
        [2, "dogs/c.png", "dogs", 8, 8, "image/png"],
      ]);
      // The stored bytes are the file's bytes, unchanged.
      expect(Buffer.from(rows[0]!.content!).equals(pngs[0]!)).toBe(true);
    });

    it("recognises a re-import of the same content (created=false, no new rows)", async () => {
      const dir = `${tmp.dir}/again`;
      writeTree(dir, { "a/x.png": pngs[0]!, "b/y.png": pngs[1]! });
      const first = await importImages({ folder: dir, name: "first" }, db.db);
      // The same files zipped: same paths, same bytes, same roles -> the same dataset.
      const zip = await zipOf({ "a/x.png": pngs[0]!, "b/y.png": pngs[1]! });
      const second = await importImages({ zipBuffer: zip, name: "second name" }, db.db);
      expect(second).toMatchObject({ created: false, datasetId: first.datasetId, sampleCount: 2 });
      expect(await countDatasets(db.db)).toBe(1);
      expect(await countSamples(db.db)).toBe(2);
    });

    it("imports a zip with a manifest: labels and attributes, protected flags kept", async () => {
      const manifest =
        "file,label,gender,region\nimg/1.png,yes,f,north\nimg/2.png,no,m,\nimg/3.png,yes,f,south\n";
      const zip = await zipOf({
        "img/1.png": pngs[0]!,
        "img/2.png": pngs[1]!,
        "img/3.png": pngs[2]!,
        "img/4.png": pngs[3]!,
        "manifest.csv": manifest,
      });
      const r = await importImages(
        {
          zipBuffer: zip,
          name: "faces",
          columns: {
            file: "file",
            label: "label",
            attributes: [
              { name: "gender", protected: true },
              { name: "region", protected: false },
            ],
          },
        },
        db.db,
      );
      expect(r.sampleCount).toBe(3);
      const s = await datasetSummary(db.db, r.datasetId);
      // From the manifest by hand: labels yes,no,yes; gender f,m,f; region north,(missing),south.
      expect(s?.label?.counts).toEqual([
        { value: "yes", count: 2 },
        { value: "no", count: 1 },
      ]);
      expect(s?.attributes).toEqual([
        {
          name: "gender",
          protected: true,
          inferredBy: null,
          counts: [
            { value: "f", count: 2 },
            { value: "m", count: 1 },
          ],
          missing: 0,
        },
        {
          name: "region",
          protected: false,
          inferredBy: null,
          counts: [
            { value: "north", count: 1 },
            { value: "south", count: 1 },
          ],
          missing: 1,
        },
      ]);
      expect(s?.missingCounts).toEqual({ label: 0, gender: 0, region: 1 });
    });

    it("rejects a manifest row naming a missing file, naming manifest, row and column", async () => {
      const dir = `${tmp.dir}/missing`;
      writeTree(dir, { "a.png": pngs[0]!, "b.png": pngs[1]! });
      await expectRejected(
        db,
        () =>
          importImages(
            {
              folder: dir,
              manifestCsv: { text: "file,label\na.png,x\nnope.png,y\nb.png,z\n", name: "manifest.csv" },
              columns: { file: "file", label: "label" },
              name: "m",
            },
            db.db,
          ),
        "missing-file",
        // nope.png is on line 3 of the manifest (header = row 1).
        ['manifest.csv, row 3, column "file"', '"nope.png"', "not in missing"],
      );
    });

    it("rejects duplicate sample ids (one file listed twice)", async () => {
      const dir = `${tmp.dir}/dup`;
      writeTree(dir, { "a.png": pngs[0]!, "b.png": pngs[1]! });
      await expectRejected(
        db,
        () =>
          importImages(
            {
              folder: dir,
              manifestCsv: { text: "file\na.png\nb.png\n./a.png\n", name: "m.csv" },
              columns: { file: "file" },
              name: "d",
            },
            db.db,
          ),
        "duplicate-id",
        ['m.csv, row 4, column "file"', '"./a.png" is listed twice (rows 2 and 4)'],
      );
    });

    it("skips and lists a corrupt image and a non-image file, importing the rest", async () => {
      const dir = `${tmp.dir}/bad`;
      const truncated = pngs[2]!.subarray(0, Math.floor(pngs[2]!.length * 0.7));
      writeTree(dir, {
        "ok/1.png": pngs[0]!,
        "ok/2.jpg": pngs[1]!,
        "ok/broken.png": truncated,
        "ok/notes.png": "just some text",
      });
      const r = await importImages({ folder: dir, name: "mixed" }, db.db);
      expect(r.sampleCount).toBe(2);
      expect(r.skipped.map((s) => s.path)).toEqual(["ok/broken.png", "ok/notes.png"]);
      expect(r.skipped[0]!.reason).toMatch(/^corrupt PNG/);
      expect(r.skipped[1]!.reason).toMatch(/^not an image/);
      // ok/2.jpg holds PNG bytes: the content decides (magic bytes), not the extension.
      const rows = await iterateSamples(db.db, r.datasetId, { fromOrdinal: 0, limit: 10 });
      expect(rows.map((s) => [s.externalId, s.mime])).toEqual([
        ["ok/1.png", "image/png"],
        ["ok/2.jpg", "image/png"],
      ]);
      expect(await countSamples(db.db, r.datasetId)).toBe(2);
    });

    it("rejects an import where every image is unusable", async () => {
      const dir = `${tmp.dir}/allbad`;
      writeTree(dir, { "x/a.png": "text", "x/b.png": "" });
      await expectRejected(db, () => importImages({ folder: dir, name: "none" }, db.db), "no-samples", [
        "all 2 samples were skipped",
      ]);
    });

    it("rejects a zip whose entry path escapes the archive (../)", async () => {
      const zip = renameInZip(
        await zipOf({ "ok.png": pngs[0]!, "xx/evil.png": pngs[1]! }),
        "xx/evil.png",
        "../evil.png",
      );
      await expectRejected(
        db,
        () => importImages({ zipBuffer: zip, zipName: "slip.zip", name: "s" }, db.db),
        "path-escape",
        ["slip.zip", '"../evil.png"', "outside the archive"],
      );
    });

    it("rejects a manifest path that escapes the folder", async () => {
      const dir = `${tmp.dir}/esc`;
      writeTree(dir, { "a.png": pngs[0]! });
      await expectRejected(
        db,
        () =>
          importImages(
            {
              folder: dir,
              manifestCsv: { text: "file\na.png\n../../etc/passwd\n", name: "m.csv" },
              name: "e",
            },
            db.db,
          ),
        "path-escape",
        ['m.csv, row 3, column "file"', "outside"],
      );
    });

    it("rejects a symbolic link that points outside the folder", async () => {
      const dir = `${tmp.dir}/link`;
      writeTree(dir, { "a/1.png": pngs[0]! });
      writeTree(`${tmp.dir}/outside`, { "secret.png": pngs[1]! });
      symlinkSync(`${tmp.dir}/outside/secret.png`, `${dir}/a/2.png`);
      await expectRejected(db, () => importImages({ folder: dir, name: "l" }, db.db), "path-escape", [
        'the symbolic link "a/2.png" points outside the folder',
      ]);
    });

    it("rejects a zip bomb by compression ratio", async () => {
      // 4 MiB of zeros deflates to about 4 KiB: a ratio near 1000:1, over the default 200:1.
      const zip = await zipOf({ "a.png": pngs[0]!, "bomb.png": Buffer.alloc(4 * 1024 * 1024) });
      await expectRejected(
        db,
        () => importImages({ zipBuffer: zip, zipName: "bomb.zip", name: "b" }, db.db),
        "limit-exceeded",
        ["bomb.zip", '"bomb.png"', "maxCompressionRatio"],
      );
    });

    it("rejects an archive whose uncompressed size passes the limit", async () => {
      const zip = await zipOf({ "a.png": pngs[0]!, "b.png": pngs[1]!, "c.png": pngs[2]! });
      const total = pngs[0]!.length + pngs[1]!.length + pngs[2]!.length;
      await expectRejected(
        db,
        () =>
          importImages(
            { zipBuffer: zip, zipName: "big.zip", name: "b", limits: { maxTotalBytes: total - 1 } },
            db.db,
          ),
        "limit-exceeded",
        ["big.zip", "maxTotalBytes"],
      );
    });

    it("rejects an archive and a folder with more files than the limit", async () => {
      const zip = await zipOf({ "a.png": pngs[0]!, "b.png": pngs[1]!, "c.png": pngs[2]! });
      await expectRejected(
        db,
        () =>
          importImages({ zipBuffer: zip, zipName: "many.zip", name: "m", limits: { maxFiles: 2 } }, db.db),
        "limit-exceeded",
        ["many.zip", "3 entries", "limit of 2 (maxFiles)"],
      );
      const dir = `${tmp.dir}/many`;
      writeTree(dir, { "a.png": pngs[0]!, "b.png": pngs[1]!, "c.png": pngs[2]! });
      await expectRejected(
        db,
        () => importImages({ folder: dir, name: "m", limits: { maxFiles: 2 } }, db.db),
        "limit-exceeded",
        ["more than 2 files (maxFiles)"],
      );
    });

    it("skips an image over the pixel cap, from its header", async () => {
      const dir = `${tmp.dir}/cap`;
      writeTree(dir, { "c/small.png": pngs[0]!, "c/large.png": await makePng(9, 40, 30) });
      const r = await importImages({ folder: dir, name: "cap", limits: { maxImagePixels: 1000 } }, db.db);
      expect(r.sampleCount).toBe(1);
      // 40 x 30 = 1200 pixels > 1000.
      expect(r.skipped).toEqual([
        {
          path: "c/large.png",
          reason: "image is 40x30 = 1200 pixels, over the limit of 1000 (maxImagePixels)",
        },
      ]);
    });
  });
}
