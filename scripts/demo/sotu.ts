/**
 * Demo text audit data: State of the Union passages, earlier era as source, recent era as target.
 *
 *   public/demo/sotu/source.csv   1790-1899 passages (the era the bundled bow-sotu encoder learnt)
 *   public/demo/sotu/target.csv   1990-2021 passages
 *
 * Columns: id,text,party,year,label
 *   id     `<year>_<president>_<party code>_<passage index>` (unique, stable)
 *   text   a passage of whole sentences, at least 100 words (lib/text/sotu.ts)
 *   party  the president's party as the package records it: the audited attribute
 *   year   year of the address
 *   label  decade of the address ("1790s" ... "2020s"): the task. It needs no annotation, is what
 *          the source encoder was pretrained on (so the source task and the target task are the
 *          same kind of question asked of different decades), and it is not the audited attribute.
 *          In the target, decade and party are confounded only partly (each decade has addresses
 *          of both parties), which is what a bias audit should surface.
 *
 * Each file holds `PER_FILE` passages taken evenly across the era's passages in chronological order
 * (index floor(k * total / PER_FILE)), so every address contributes in proportion to its length.
 * No randomness: two runs write the same bytes.
 *
 *   npx tsx scripts/demo/sotu.ts [--out public/demo/sotu]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  decadeLabel,
  type Era,
  inEra,
  loadSotuSpeeches,
  type Passage,
  SOURCE_ERA,
  speechPassages,
  TARGET_ERA,
} from "@/lib/text/sotu";

const PER_FILE = 1000;
const COLUMNS = ["id", "text", "party", "year", "label"] as const;

/** RFC 4180 field: quoted when it holds a comma, quote, CR/LF or edge whitespace. */
function field(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function evenlySpaced<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, k) => items[Math.floor((k * items.length) / n)]!);
}

function csv(passages: readonly Passage[]): string {
  const lines = [COLUMNS.join(",")];
  for (const p of passages) {
    lines.push([p.id, p.text, p.party, String(p.year), decadeLabel(p.year)].map(field).join(","));
  }
  return `${lines.join("\n")}\n`;
}

function eraPassages(era: Era): Passage[] {
  return loadSotuSpeeches()
    .filter((s) => inEra(s.year, era))
    .flatMap((s) => speechPassages(s));
}

function main(argv: string[]): number {
  const i = argv.indexOf("--out");
  const out = path.resolve(i >= 0 && argv[i + 1] ? argv[i + 1]! : "public/demo/sotu");
  mkdirSync(out, { recursive: true });
  for (const [name, era] of [
    ["source.csv", SOURCE_ERA],
    ["target.csv", TARGET_ERA],
  ] as const) {
    const all = eraPassages(era);
    const chosen = evenlySpaced(all, PER_FILE);
    const content = csv(chosen);
    writeFileSync(path.join(out, name), content);
    const parties = new Map<string, number>();
    for (const p of chosen) parties.set(p.party, (parties.get(p.party) ?? 0) + 1);
    console.log(
      `${name}: ${chosen.length} of ${all.length} passages (${era.from}-${era.to}), ${(Buffer.byteLength(content) / 1e6).toFixed(2)} MB; parties ${[...parties].map(([k, v]) => `${k} ${v}`).join(", ")}`,
    );
  }
  return 0;
}

process.exit(main(process.argv.slice(2)));
