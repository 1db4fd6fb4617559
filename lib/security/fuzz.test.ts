/**
 * Hostile input at every importer: seeded random mutations of valid inputs (truncation, bit flips,
 * random bytes, huge declared sizes, path-traversal names, wrong extensions, decompression bombs)
 * thrown at
 *   - importTabular, importImages (zip upload with a manifest), importEmbeddings (lib/datasets),
 *   - parseTextCsv (lib/text/csv.ts),
 *   - readModelDir (lib/embeddings/tfjs/load.ts: model.json + shards),
 *   - prepareImage (lib/embeddings/input).
 *
 * Every case must end, within a time limit, either in a result or in an Error that is not a
 * crash (no TypeError / RangeError / ReferenceError / SyntaxError escaping) and whose message
 * names the file (or the archive entry); a rejected import must leave no dataset and no sample
 * rows behind. After the run the database still answers and a valid import still works.
 *
 * Seeds are fixed so a failure reproduces; TA_FUZZ_CASES raises the number of cases per format.
 */

import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countDatasets, countSamples } from "@/db/queries/datasets";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { importEmbeddings } from "@/lib/datasets/import-embeddings";
import { importImages } from "@/lib/datasets/import-images";
import { importTabular } from "@/lib/datasets/import-tabular";
import { writeNpy } from "@/lib/datasets/npy";
import { clearDatasets, makePng, renameInZip, tempDir, zipOf } from "@/lib/datasets/test-fixtures";
import type { Preprocessing } from "@/lib/embeddings/input";
import { prepareImage } from "@/lib/embeddings/input";
import { pngHeaderClaiming } from "@/lib/embeddings/input/test-images";
import { readModelDir } from "@/lib/embeddings/tfjs/load";
import { writeTinyModel } from "@/lib/embeddings/tfjs/test-fixtures";
import { createRng, type Rng } from "@/lib/metrics/stats/rng";
import { parseTextCsv } from "@/lib/text/csv";

const CASES = Number(process.env.TA_FUZZ_CASES ?? 16);
const CASE_TIMEOUT_MS = 20_000;
const CRASH_TYPES = new Set(["TypeError", "RangeError", "ReferenceError", "SyntaxError", "EvalError"]);

// ---- mutations -----------------------------------------------------------------------------------

type Mutation = { name: string; apply: (b: Uint8Array, rng: Rng) => Uint8Array };

const BYTE_MUTATIONS: Mutation[] = [
  { name: "truncate", apply: (b, rng) => b.slice(0, rng.int(Math.max(1, b.length))) },
  {
    name: "bit flips",
    apply: (b, rng) => {
      const out = b.slice();
      const flips = 1 + rng.int(8);
      for (let i = 0; i < flips && out.length > 0; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
      return out;
    },
  },
  {
    name: "random span",
    apply: (b, rng) => {
      const out = b.slice();
      const start = rng.int(Math.max(1, out.length));
      const len = 1 + rng.int(32);
      for (let i = start; i < Math.min(out.length, start + len); i++) out[i] = rng.int(256);
      return out;
    },
  },
  {
    name: "all random",
    apply: (b, rng) => Uint8Array.from({ length: Math.max(1, b.length) }, () => rng.int(256)),
  },
  { name: "empty", apply: () => new Uint8Array(0) },
  {
    name: "insert junk",
    apply: (b, rng) => {
      const at = rng.int(b.length + 1);
      const junk = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
      return concatBytes(b.subarray(0, at), junk, b.subarray(at));
    },
  },
];

/** Text-level changes that keep most of the structure, so the parser gets further in. */
const TEXT_MUTATIONS: { name: string; apply: (s: string, rng: Rng) => string }[] = [
  { name: "unclosed quote", apply: (s, rng) => insertAt(s, rng, '"') },
  { name: "stray comma", apply: (s, rng) => insertAt(s, rng, ",") },
  { name: "drop a line", apply: (s, rng) => dropLine(s, rng) },
  { name: "duplicate header", apply: (s) => s.replace(/^([^,\n]+),/, "$1,$1,") },
  { name: "NUL byte", apply: (s, rng) => insertAt(s, rng, "\u0000") },
  { name: "lone surrogate", apply: (s, rng) => insertAt(s, rng, "\ud800") },
  { name: "formula cell", apply: (s) => s.replace(/\n([^,\n]+),/, "\n=cmd|' /C calc'!A0,") },
  { name: "huge number", apply: (s) => s.replace(/,(\d+(\.\d+)?),/, ",1e400,") },
  { name: "NaN cell", apply: (s) => s.replace(/,(\d+(\.\d+)?),/, ",NaN,") },
  { name: "blank cell", apply: (s) => s.replace(/,(\d+(\.\d+)?),/, ",,") },
  { name: "very long cell", apply: (s) => s.replace(/\n([^,\n]+),/, `\n${"x".repeat(200_000)},`) },
  { name: "only header", apply: (s) => s.split("\n")[0]! },
  { name: "CR line ends", apply: (s) => s.replace(/\n/g, "\r") },
  { name: "BOM twice", apply: (s) => `\ufeff\ufeff${s}` },
];

function insertAt(s: string, rng: Rng, piece: string): string {
  const at = rng.int(s.length + 1);
  return s.slice(0, at) + piece + s.slice(at);
}

function dropLine(s: string, rng: Rng): string {
  const lines = s.split("\n");
  lines.splice(rng.int(lines.length), 1);
  return lines.join("\n");
}

function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Case i: a text mutation on even cases, a byte mutation on odd ones; sometimes two stacked. */
function mutateText(base: string, rng: Rng, i: number): { bytes: Uint8Array; what: string } {
  if (i % 2 === 0) {
    const m = TEXT_MUTATIONS[rng.int(TEXT_MUTATIONS.length)]!;
    return { bytes: enc.encode(m.apply(base, rng)), what: m.name };
  }
  const m = BYTE_MUTATIONS[rng.int(BYTE_MUTATIONS.length)]!;
  return { bytes: m.apply(enc.encode(base), rng), what: m.name };
}

function mutateBytes(base: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } {
  const m = BYTE_MUTATIONS[rng.int(BYTE_MUTATIONS.length)]!;
  let bytes = m.apply(base, rng);
  let what = m.name;
  if (rng.next() < 0.3) {
    const m2 = BYTE_MUTATIONS[rng.int(BYTE_MUTATIONS.length)]!;
    bytes = m2.apply(bytes, rng);
    what += ` + ${m2.name}`;
  }
  return { bytes, what };
}

// ---- the contract every case must meet ----------------------------------------------------------

interface Outcome<T> {
  ok: boolean;
  value?: T;
  error?: Error;
}

/** Runs one case: a result, or a clear Error naming one of `names`; never a crash, never a hang. */
async function attempt<T>(what: string, names: string[], fn: () => Promise<T> | T): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`HANG: ${what} did not finish in ${CASE_TIMEOUT_MS} ms`)),
      CASE_TIMEOUT_MS,
    );
  });
  try {
    const value = await Promise.race([Promise.resolve().then(fn), hang]);
    if (process.env.TA_FUZZ_VERBOSE) console.log(`${what}: accepted`);
    return { ok: true, value };
  } catch (e) {
    expect(e, `${what}: threw a non-Error`).toBeInstanceOf(Error);
    const err = e as Error;
    if (process.env.TA_FUZZ_VERBOSE) console.log(`${what}: ${err.name}: ${err.message.slice(0, 160)}`);
    expect(err.message, `${what}: hung`).not.toMatch(/^HANG/);
    expect(CRASH_TYPES.has(err.name), `${what}: crashed with ${err.name}: ${err.message}`).toBe(false);
    expect(
      names.some((n) => err.message.includes(n)),
      `${what}: the message should name one of ${names.join(", ")}: "${err.message.slice(0, 300)}"`,
    ).toBe(true);
    return { ok: false, error: err };
  } finally {
    clearTimeout(timer);
  }
}

// ---- valid inputs ---------------------------------------------------------------------------------

const TABULAR_CSV = [
  "id,age,income,sex,label",
  "p1,34,50.5,F,yes",
  "p2,45,61.0,M,no",
  "p3,29,38.25,F,yes",
  "p4,52,70.0,M,no",
  "p5,41,55.5,F,no",
  "p6,38,47.0,M,yes",
].join("\n");

const TEXT_CSV = [
  "id,text,label,party",
  't1,"The economy grew, and so did trust.",pos,A',
  "t2,Taxes rose again this year.,neg,B",
  't3,"A ""quoted"" remark, with commas",pos,A',
  "t4,Plain words here.,neg,B",
].join("\n");

const IDS_CSV = ["id,label", "e1,a", "e2,b", "e3,a", "e4,b"].join("\n");

const PRE: Preprocessing = {
  height: 8,
  width: 8,
  channels: 3,
  range: [0, 1],
  resize: "bilinear",
  channelOrder: "RGB",
};

async function imageZip(pngs: Buffer[], extra: Record<string, Uint8Array | string> = {}): Promise<Buffer> {
  return zipOf({
    "manifest.csv": "file,label,group\nxx/a.png,cat,g1\nxx/b.png,dog,g2\nxx/c.png,cat,g2\n",
    "xx/a.png": pngs[0]!,
    "xx/b.png": pngs[1]!,
    "xx/c.png": pngs[2]!,
    ...extra,
  });
}

/** A zip whose one entry declares `declared` uncompressed bytes (patched in both headers). */
function withDeclaredSize(zip: Buffer, entry: string, declared: number): Buffer {
  const out = Buffer.from(zip);
  const name = Buffer.from(entry);
  // Local header: signature 0x04034b50, uncompressed size at +22, name at +30.
  // Central header: signature 0x02014b50, uncompressed size at +24, name at +46.
  for (const [sig, sizeAt, nameAt] of [
    [0x04034b50, 22, 30],
    [0x02014b50, 24, 46],
  ] as const) {
    for (let i = 0; i + nameAt + name.length <= out.length; i++) {
      if (out.readUInt32LE(i) === sig && out.subarray(i + nameAt, i + nameAt + name.length).equals(name)) {
        out.writeUInt32LE(declared >>> 0, i + sizeAt);
      }
    }
  }
  return out;
}

/**
 * The same .npy with another shape in its header: the header is padded with spaces to a multiple
 * of 64 bytes, so a longer shape takes the place of padding and the data offset stays put.
 */
function withNpyShape(npy: Uint8Array, shape: string): Uint8Array {
  const headerLen = npy[8]! | (npy[9]! << 8);
  const header = dec.decode(npy.subarray(10, 10 + headerLen));
  const replaced = header.replace(/'shape': \([^)]*\)/, `'shape': ${shape}`);
  const grow = replaced.trimEnd().length - header.trimEnd().length;
  const padded = `${replaced.trimEnd()}${" ".repeat(header.length - header.trimEnd().length - grow - 1)}\n`;
  if (padded.length !== header.length) throw new Error("withNpyShape: no room in the header padding");
  return concatBytes(npy.subarray(0, 10), enc.encode(padded), npy.subarray(10 + headerLen));
}

/** Structural zip attacks, in rotation; byte mutations fill the other cases. */
async function hostileZip(i: number, pngs: Buffer[], rng: Rng): Promise<{ bytes: Uint8Array; what: string }> {
  switch (i % 8) {
    case 0:
      // Zip slip: "xx/a.png" renamed in place to "../a.png" (same length), manifest pointing at it.
      return {
        bytes: renameInZip(await imageZip(pngs), "xx/a.png", "../a.png"),
        what: "path traversal ../",
      };
    case 1:
      return { bytes: renameInZip(await imageZip(pngs), "xx/b.png", "/x/b.png"), what: "absolute path" };
    case 2:
      return {
        bytes: renameInZip(await imageZip(pngs), "xx/c.png", "..\\c.png"),
        what: "backslash traversal",
      };
    case 3: {
      // Zip bomb: 8 MiB of zeros deflate to ~8 KB (ratio ~1000:1, over the 200:1 cap).
      return {
        bytes: await imageZip(pngs, { "bomb.bin": Buffer.alloc(8 * 1024 * 1024) }),
        what: "zip bomb (ratio)",
      };
    }
    case 4:
      // A central directory that claims 4 GiB for one small entry.
      return {
        bytes: withDeclaredSize(await imageZip(pngs), "xx/a.png", 0xffff_fff0),
        what: "huge declared size",
      };
    case 5:
      // Image decompression bombs: headers claiming 100k x 100k pixels, under every other name.
      return {
        bytes: await zipOf({
          "manifest.csv": "file,label\nxx/a.png,cat\nxx/b.png,dog\n",
          "xx/a.png": Buffer.from(pngHeaderClaiming(100_000, 100_000)),
          "xx/b.png": Buffer.from(pngHeaderClaiming(60_000, 60_000)),
        }),
        what: "PNG decompression bombs",
      };
    case 6:
      // Wrong extensions: a text file and a script named .png (content is sniffed, not trusted).
      return {
        bytes: await zipOf({
          "manifest.csv": "file,label\nxx/a.png,cat\nxx/b.png,dog\n",
          "xx/a.png": "just some text, not an image",
          "xx/b.png": "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        }),
        what: "wrong extensions",
      };
    default:
      return mutateBytes(await imageZip(pngs), rng);
  }
}

// ---- the run --------------------------------------------------------------------------------------

describe("hostile input at the parsers that write nothing", () => {
  let pngs: Buffer[];
  const tmp = tempDir("ta-fuzz-");
  let modelDir: string;
  let modelFiles: Record<string, Buffer>;

  beforeAll(async () => {
    pngs = await Promise.all([1, 2, 3].map((s) => makePng(s)));
    modelDir = path.join(tmp.dir, "model");
    const shards = await writeTinyModel(modelDir, 7, 2);
    modelFiles = {};
    for (const f of ["model.json", ...shards]) modelFiles[f] = await readFile(path.join(modelDir, f));
  });
  afterAll(() => {
    tmp.cleanup();
  });

  it("the valid inputs themselves parse", async () => {
    expect(parseTextCsv(TEXT_CSV, { file: "texts.csv" }).rows).toHaveLength(4);
    // The tiny model's 165 weight values (lib/embeddings/tfjs/test-fixtures.ts lists them by layer).
    expect((await readModelDir(modelDir)).params).toBe(165);
    expect((await prepareImage(pngs[0]!, PRE, "fuzz.png")).pixels.length).toBe(8 * 8 * 3);
  });

  it("parseTextCsv: malformed text CSVs", async () => {
    const rng = createRng(505);
    for (let i = 0; i < CASES; i++) {
      const { bytes, what } = mutateText(TEXT_CSV, rng, i);
      await attempt(`text case ${i} (${what})`, ["texts.csv"], () =>
        parseTextCsv(bytes, { file: "texts.csv" }),
      );
    }
  });

  it("readModelDir: malformed model.json and shards, refused before weights are read", async () => {
    const rng = createRng(606);
    const base = JSON.parse(modelFiles["model.json"]!.toString("utf8")) as {
      weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
    };
    type ModelJson = typeof base;
    /** Changes one field of the first weight group in place; returns the document. */
    const edit =
      (change: (g: ModelJson["weightsManifest"][number]) => void) =>
      (j: ModelJson): unknown => {
        change(j.weightsManifest[0]!);
        return j;
      };
    const structural: { what: string; json: (j: ModelJson) => unknown }[] = [
      {
        what: "weights over the parameter cap",
        json: edit((g) => {
          g.weights[0]!.shape = [100_000, 100_000];
        }),
      },
      {
        what: "shard path traversal",
        json: edit((g) => {
          g.paths[0] = "../../../etc/passwd";
        }),
      },
      {
        what: "absolute shard path",
        json: edit((g) => {
          g.paths[0] = "/etc/passwd";
        }),
      },
      {
        what: "unknown dtype",
        json: edit((g) => {
          g.weights[0]!.dtype = "complex128";
        }),
      },
      {
        what: "negative dimension",
        json: edit((g) => {
          g.weights[0]!.shape = [-4, 2];
        }),
      },
      {
        what: "fractional dimension",
        json: edit((g) => {
          g.weights[0]!.shape = [2.5, 2];
        }),
      },
      { what: "no weightsManifest", json: (j) => ({ ...j, weightsManifest: undefined }) },
      { what: "manifest is a string", json: (j) => ({ ...j, weightsManifest: "x" }) },
      {
        what: "extra shard named",
        json: edit((g) => {
          g.paths.push("missing.bin");
        }),
      },
      // (built as text below: JSON.stringify itself would overflow the stack on it)
      { what: "deep nesting", json: (j) => j },
      { what: "not an object", json: () => [1, 2, 3] },
    ];
    for (let i = 0; i < Math.max(CASES, structural.length); i++) {
      const dir = path.join(tmp.dir, `m${i}`);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const files = { ...modelFiles };
      let what: string;
      if (i < structural.length) {
        const s = structural[i]!;
        let text = JSON.stringify(s.json(structuredClone(base)));
        if (s.what === "deep nesting") {
          const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
          text = text.replace(/"modelTopology":/, `"modelTopology":${deep},"was":`);
        }
        files["model.json"] = Buffer.from(text);
        what = s.what;
      } else if (i % 2 === 0) {
        const m = mutateBytes(modelFiles["model.json"]!, rng);
        files["model.json"] = Buffer.from(m.bytes);
        what = `model.json ${m.what}`;
      } else {
        // A shard that is shorter or longer than the manifest says (bit flips alone keep the size).
        const shard = base.weightsManifest[0]!.paths[rng.int(base.weightsManifest[0]!.paths.length)]!;
        const cut = rng.next() < 0.5;
        files[shard] = cut
          ? modelFiles[shard]!.subarray(0, rng.int(modelFiles[shard]!.length))
          : Buffer.concat([modelFiles[shard]!, Buffer.alloc(4)]);
        what = `shard ${shard} ${cut ? "truncated" : "4 bytes longer"}`;
      }
      for (const [f, b] of Object.entries(files)) await writeFile(path.join(dir, f), b);
      const outcome = await attempt(`model case ${i} (${what})`, ["model.json"], () => readModelDir(dir));
      // Every structural change and every size change must be refused.
      if (i < structural.length || i % 2 === 1)
        expect(outcome.ok, `model case ${i} (${what}) accepted`).toBe(false);
    }
  });

  it("prepareImage: malformed, bomb and disguised images", async () => {
    const rng = createRng(707);
    const jpegLike = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...enc.encode("not really a jpeg")]);
    const fixed: { what: string; bytes: Uint8Array; label: string }[] = [
      {
        what: "PNG header claiming 100000x100000",
        bytes: pngHeaderClaiming(100_000, 100_000),
        label: "bomb.png",
      },
      { what: "PNG header claiming 2^31 wide", bytes: pngHeaderClaiming(0x7fff_ffff, 1), label: "wide.png" },
      { what: "zero-size PNG", bytes: pngHeaderClaiming(0, 0), label: "zero.png" },
      {
        what: "SVG named .png",
        bytes: enc.encode("<svg xmlns='http://www.w3.org/2000/svg'/>"),
        label: "vector.png",
      },
      { what: "JPEG magic then junk", bytes: jpegLike, label: "fake.jpg" },
      { what: "zip named .png", bytes: await zipOf({ "a.txt": "x" }), label: "archive.png" },
      { what: "raw deflate stream", bytes: deflateRawSync(Buffer.alloc(4096)), label: "deflate.png" },
    ];
    for (let i = 0; i < Math.max(CASES, fixed.length); i++) {
      const f = fixed[i];
      const { bytes, what } = f ? f : mutateBytes(pngs[i % pngs.length]!, rng);
      const label = f?.label ?? "fuzz.png";
      const outcome = await attempt(`image case ${i} (${what})`, [label], () =>
        prepareImage(bytes, PRE, label),
      );
      if (f) expect(outcome.ok, `image case ${i} (${what}) accepted`).toBe(false);
    }
  });
});

for (const driver of testDrivers()) {
  describe(`hostile input at every importer (${driver.name})`, () => {
    let db: TestDatabase;
    let pngs: Buffer[];

    beforeAll(async () => {
      db = await driver.open();
      pngs = await Promise.all([1, 2, 3].map((s) => makePng(s)));
    });
    afterAll(async () => {
      await db.destroy();
    });

    /** After a rejected import nothing may be left; after an accepted one we clean up for the next. */
    async function expectNoPartialRows(what: string, outcome: Outcome<unknown>): Promise<void> {
      if (outcome.ok) {
        await clearDatasets(db.db);
        return;
      }
      expect(await countDatasets(db.db), `${what}: dataset rows left behind`).toBe(0);
      expect(await countSamples(db.db), `${what}: sample rows left behind`).toBe(0);
    }

    it("the valid inputs themselves import (so the mutations start from something that works)", async () => {
      const t = await importTabular(
        {
          csvText: TABULAR_CSV,
          csvName: "fuzz.csv",
          name: "tabular",
          columns: {
            id: "id",
            label: "label",
            features: ["age", "income"],
            attributes: [{ name: "sex", protected: true }],
          },
        },
        db.db,
      );
      expect(t.sampleCount).toBe(6);
      const im = await importImages(
        {
          zipBuffer: await imageZip(pngs),
          zipName: "fuzz.zip",
          name: "images",
          columns: { file: "file", label: "label" },
        },
        db.db,
      );
      expect(im.sampleCount).toBe(3);
      const npy = writeNpy({
        dtype: "float32",
        shape: [4, 3],
        data: Float32Array.from({ length: 12 }, (_, i) => i / 7),
      });
      const em = await importEmbeddings(
        {
          npyBuffer: npy,
          npyName: "fuzz.npy",
          idsCsv: { text: IDS_CSV, name: "ids.csv" },
          name: "emb",
          columns: { id: "id", label: "label" },
        },
        db.db,
      );
      expect(em.sampleCount).toBe(4);
      await clearDatasets(db.db);
    });

    it("importTabular: malformed CSVs", async () => {
      const rng = createRng(101);
      for (let i = 0; i < CASES; i++) {
        const { bytes, what } = mutateText(TABULAR_CSV, rng, i);
        const label = `tabular case ${i} (${what})`;
        const outcome = await attempt(label, ["fuzz.csv", "tabular"], () =>
          importTabular(
            {
              csvText: dec.decode(bytes),
              csvName: "fuzz.csv",
              name: "tabular",
              columns: {
                id: "id",
                label: "label",
                features: ["age", "income"],
                attributes: [{ name: "sex", protected: true }],
              },
            },
            db.db,
          ),
        );
        await expectNoPartialRows(label, outcome);
      }
    });

    it("importImages: malformed, traversing and bomb archives", async () => {
      const rng = createRng(202);
      let refused = 0;
      for (let i = 0; i < Math.max(CASES, 8); i++) {
        const { bytes, what } = await hostileZip(i, pngs, rng);
        const label = `zip case ${i} (${what})`;
        const outcome = await attempt(
          label,
          ["fuzz.zip", "manifest.csv", "xx/", "images", "a.png", "b.png", "c.png"],
          () =>
            importImages(
              {
                zipBuffer: bytes,
                zipName: "fuzz.zip",
                name: "images",
                columns: { file: "file", label: "label" },
              },
              db.db,
            ),
        );
        // The structural attacks (cases 0-6 of each 8) must all be refused outright.
        if (i % 8 !== 7) expect(outcome.ok, `${label}: should have been refused`).toBe(false);
        if (!outcome.ok) refused++;
        await expectNoPartialRows(label, outcome);
      }
      expect(refused).toBeGreaterThan(0);
    });

    it("importImages: malformed manifests", async () => {
      const rng = createRng(303);
      const manifest = "file,label,group\nxx/a.png,cat,g1\nxx/b.png,dog,g2\nxx/c.png,cat,g2\n";
      for (let i = 0; i < CASES; i++) {
        const { bytes, what } = mutateText(manifest, rng, i);
        const label = `manifest case ${i} (${what})`;
        const zip = await zipOf({ "xx/a.png": pngs[0]!, "xx/b.png": pngs[1]!, "xx/c.png": pngs[2]! });
        const outcome = await attempt(label, ["manifest.csv", "fuzz.zip", "images"], () =>
          importImages(
            {
              zipBuffer: zip,
              zipName: "fuzz.zip",
              manifestCsv: { text: dec.decode(bytes), name: "manifest.csv" },
              name: "images",
              columns: { file: "file", label: "label", attributes: [{ name: "group", protected: true }] },
            },
            db.db,
          ),
        );
        await expectNoPartialRows(label, outcome);
      }
    });

    it("importEmbeddings: malformed .npy files and ids CSVs", async () => {
      const rng = createRng(404);
      const npy = writeNpy({
        dtype: "float32",
        shape: [4, 3],
        data: Float32Array.from({ length: 12 }, (_, i) => i / 7),
      });
      for (let i = 0; i < CASES; i++) {
        let npyBytes: Uint8Array = npy;
        let ids = IDS_CSV;
        let what: string;
        if (i % 3 === 0) {
          const m =
            i % 2 === 0
              ? { bytes: withNpyShape(npy, "(4000000000, 3)"), what: "huge declared shape" }
              : mutateBytes(npy, rng);
          npyBytes = m.bytes;
          what = `npy ${m.what}`;
        } else if (i % 3 === 1) {
          const m = mutateBytes(npy, rng);
          npyBytes = m.bytes;
          what = `npy ${m.what}`;
        } else {
          const m = mutateText(IDS_CSV, rng, i);
          ids = dec.decode(m.bytes);
          what = `ids ${m.what}`;
        }
        const label = `embeddings case ${i} (${what})`;
        const outcome = await attempt(label, ["fuzz.npy", "ids.csv", "emb"], () =>
          importEmbeddings(
            {
              npyBuffer: npyBytes,
              npyName: "fuzz.npy",
              idsCsv: { text: ids, name: "ids.csv" },
              name: "emb",
              columns: { id: "id", label: "label" },
            },
            db.db,
          ),
        );
        await expectNoPartialRows(label, outcome);
      }
    });

    it("keeps serving afterwards: the database answers and a valid import still works", async () => {
      expect((await db.executeSql("select 1 as one")).rows[0]).toEqual({ one: 1 });
      const r = await importTabular(
        {
          csvText: TABULAR_CSV,
          csvName: "fuzz.csv",
          name: "after the fuzz",
          columns: { id: "id", features: ["age", "income"] },
        },
        db.db,
      );
      expect(r).toMatchObject({ created: true, sampleCount: 6 });
      await clearDatasets(db.db);
    });
  });
}
