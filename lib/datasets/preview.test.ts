import { afterAll, describe, expect, it } from "vitest";
import { ImportError } from "./errors";
import { previewImport } from "./preview";
import { makePng, tempDir, writeTree, zipOf } from "./test-fixtures";

describe("previewImport", () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it("shows a tabular CSV's first rows, detected types and proposed roles", async () => {
    const csv =
      "id,sex,race,age,education,wage,occupation,label\n" +
      "1,f,white,35,8,5.1,other,a\n2,m,white,57,9,4.95,sales,b\n3,m,other,19,12,6.67,other,a\n4,f,white,22,12,4,sales,a\n";
    const p = await previewImport({ kind: "tabular", csvText: csv, csvName: "cps.csv" }, { rows: 2 });
    expect(p.rows).toEqual([
      ["1", "f", "white", "35", "8", "5.1", "other", "a"],
      ["2", "m", "white", "57", "9", "4.95", "sales", "b"],
    ]);
    expect(p.rowCount).toBe(4);
    expect(Object.fromEntries(p.columns.map((c) => [c.name, c.type]))).toEqual({
      id: "integer",
      sex: "categorical",
      race: "categorical",
      age: "integer",
      education: "integer",
      wage: "number",
      occupation: "categorical",
      label: "categorical",
    });
    expect(p.proposed).toEqual({
      file: null,
      id: "id",
      label: "label",
      // age: numeric but a protected word with few values -> proposed as a protected attribute.
      attributes: [
        { name: "sex", protected: true },
        { name: "race", protected: true },
        { name: "age", protected: true },
        { name: "occupation", protected: false },
      ],
      features: ["education", "wage"],
    });
  });

  it("validates an image manifest and proposes its file column", async () => {
    const png = await makePng(1);
    const manifest = "path,gender\nd/a.png,f\nd/b.png,m\n";
    const zip = await zipOf({ "d/a.png": png, "d/b.png": png, "d/c.png": png, "manifest.csv": manifest });
    const p = await previewImport({ kind: "images", zipBuffer: zip });
    expect(p.proposed.file).toBe("path");
    expect(p.proposed.attributes).toEqual([{ name: "gender", protected: true }]);
    // 3 images + the manifest in the archive; d/c.png is named by no row.
    expect(p.images).toEqual({
      fileCount: 4,
      totalBytes: 3 * png.length + manifest.length,
      labelsFrom: "manifest",
      unlisted: 1,
    });
    const broken = await zipOf({ "d/a.png": png, "manifest.csv": "file\nd/a.png\nd/zzz.png\n" });
    await expect(previewImport({ kind: "images", zipBuffer: broken })).rejects.toThrow(ImportError);
    await expect(previewImport({ kind: "images", zipBuffer: broken })).rejects.toThrow(
      'manifest.csv, row 3, column "file"',
    );
  });

  it("shows folder labels when there is no manifest", async () => {
    const png = await makePng(2);
    writeTree(`${tmp.dir}/f`, { "x/1.png": png, "y/2.png": png });
    const p = await previewImport({ kind: "images", folder: `${tmp.dir}/f` });
    expect(p.rows).toEqual([
      ["x/1.png", "x"],
      ["y/2.png", "y"],
    ]);
    expect(p.images?.labelsFrom).toBe("folders");
  });
});
