import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countDatasets, countSamples, datasetSummary, iterateSamples } from "@/db/queries/datasets";
import { testDrivers } from "@/db/testing";
import { buildDemoFiles, FASHION_DIR } from "@/scripts/demo/build";
import { DEMO_NAMES, defaultDemoDir, loadDemoFiles, readDemoMeta, seedDemoDatasets } from "./demo";
import { tempDir } from "./test-fixtures";

const hasFashion = existsSync(FASHION_DIR);
const DEMO_DIR = defaultDemoDir();

describe("demo dataset builder", () => {
  const a = tempDir("ta-demo-a-");
  const b = tempDir("ta-demo-b-");
  let first: Record<string, string>;
  let second: Record<string, string>;
  beforeAll(() => {
    first = buildDemoFiles(a.dir, { fashionDir: hasFashion ? FASHION_DIR : null });
    second = buildDemoFiles(b.dir, { fashionDir: hasFashion ? FASHION_DIR : null });
  });
  afterAll(() => {
    a.cleanup();
    b.cleanup();
  });

  it("is deterministic: two builds give byte-identical files", () => {
    expect(Object.keys(first).length).toBeGreaterThanOrEqual(18);
    expect(second).toEqual(first);
  });

  it("matches the committed public/demo files (content checksums in meta.json, and the CSVs)", () => {
    for (const name of DEMO_NAMES) {
      if (name === "fashion-mnist" && !hasFashion) continue;
      expect(readFileSync(path.join(a.dir, name, "meta.json"), "utf8"), `${name}/meta.json`).toBe(
        readFileSync(path.join(DEMO_DIR, name, "meta.json"), "utf8"),
      );
      // The committed files pass their own checksums (gzip bytes may differ across zlib builds; content may not).
      loadDemoFiles(DEMO_DIR, readDemoMeta(DEMO_DIR, name));
    }
  });

  it("keeps the committed demo files compact (well under 10 MB)", () => {
    let total = 0;
    for (const name of DEMO_NAMES) {
      const meta = readDemoMeta(DEMO_DIR, name);
      for (const f of ["meta.json", meta.csv, ...(meta.image ? [meta.image.pixels] : [])]) {
        total += readFileSync(path.join(DEMO_DIR, name, f)).length;
      }
    }
    expect(total).toBeLessThan(4 * 1024 * 1024);
  });
});

for (const driver of testDrivers()) {
  describe(`seedDemoDatasets (${driver.name})`, () => {
    let db: Awaited<ReturnType<typeof driver.open>>;
    beforeAll(async () => {
      db = await driver.open();
    });
    afterAll(async () => {
      await db.destroy();
    });

    it("imports every demo once; a second call recognises them all and writes nothing", async () => {
      const ids = await seedDemoDatasets(db.db);
      expect(Object.keys(ids).sort()).toEqual([...DEMO_NAMES].sort());
      const samples = await countSamples(db.db);
      // Held-out MNIST (k % 5 == 4 within each digit; per-digit package counts 1001, 1127, 991, 1032, 980 | 863, 1014,
      // 1070, 944, 978 -> floor((n + 1) / 5) = 200+225+198+206+196 = 1025 | 172+202+214+188+195 = 971), Fashion 1000,
      // Colored 2000 + 1000, CPS 534 = 156 South + 378 other (the package's `south` column).
      expect(samples).toBe(1025 + 971 + 1000 + 2000 + 1000 + 534);
      const again = await seedDemoDatasets(db.db);
      expect(again).toEqual(ids);
      expect(await countDatasets(db.db)).toBe(7);
      expect(await countSamples(db.db)).toBe(samples);
    });

    it("encodes the Colored-MNIST bias exactly as specified", async () => {
      const ids = await seedDemoDatasets(db.db);
      const source = await datasetSummary(db.db, ids["colored-mnist-source"]);
      const target = await datasetSummary(db.db, ids["colored-mnist-target"]);
      const aligned = (s: typeof source) => s?.attributes.find((x) => x.name === "bias_aligned")?.counts;
      // Source: 95 % of each digit's 200 in its own colour -> 10 x 190 = 1900 aligned, 100 not.
      expect(aligned(source)).toEqual([
        { value: "yes", count: 1900 },
        { value: "no", count: 100 },
      ]);
      // Target: each digit's 100 dealt evenly over 10 colours -> 10 per digit in its own colour, 100 in all.
      expect(aligned(target)).toEqual([
        { value: "no", count: 900 },
        { value: "yes", count: 100 },
      ]);
      // And every colour exactly 100 times in the target (10 digits x 10).
      expect(target?.attributes.find((x) => x.name === "color")?.counts.every((c) => c.count === 100)).toBe(
        true,
      );
      const cps = await datasetSummary(db.db, ids["cps-1985-south"]);
      expect(cps?.attributes.filter((x) => x.protected).map((x) => x.name)).toEqual(["sex", "race"]);
    });

    it("stores PNGs that decode to the committed pixels", async () => {
      const ids = await seedDemoDatasets(db.db);
      const meta = readDemoMeta(DEMO_DIR, "colored-mnist-target");
      const { pixels } = loadDemoFiles(DEMO_DIR, meta);
      const rows = await iterateSamples(db.db, ids["colored-mnist-target"], { fromOrdinal: 7, limit: 1 });
      const png = rows[0]!;
      expect([png.mime, png.width, png.height, png.channels]).toEqual(["image/png", 28, 28, 3]);
      const decoded = await sharp(png.content!).raw().toBuffer();
      expect(Buffer.compare(decoded, Buffer.from(pixels!.subarray(7 * 2352, 8 * 2352)))).toBe(0);
    });
  });
}
