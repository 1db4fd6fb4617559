/**
 * Bag-of-words encoding: each text becomes a vector over a fixed word list, the input of a BoW
 * model. Words come from `words()` (BERT basic tokenisation: lowercased, accents stripped,
 * punctuation split off); words not in the list are dropped. With tf_j the count of word j:
 *
 *   "log1p-l2": x_j = log(1 + tf_j), then the row is divided by its Euclidean norm
 *               (sublinear tf scaling, Manning, Raghavan & Schütze 2008, "Introduction to Information
 *               Retrieval", section 6.4.1, with cosine normalisation, section 6.3.1);
 *   "tf-l2":    x_j = tf_j, then divided by the Euclidean norm.
 *
 * The norm makes a 60-word and a 200-word passage on the same subject look alike; the log keeps one
 * repeated word from dominating. A text with no word in the list encodes as the zero vector.
 */
import { words } from "./basic-tokenizer";

export const BOW_WEIGHTINGS = ["log1p-l2", "tf-l2"] as const;
export type BowWeighting = (typeof BOW_WEIGHTINGS)[number];

export function parseBowWeighting(value: unknown): BowWeighting {
  if (typeof value === "string" && (BOW_WEIGHTINGS as readonly string[]).includes(value)) {
    return value as BowWeighting;
  }
  throw new Error(`weighting: expected one of ${BOW_WEIGHTINGS.join(", ")}, got ${JSON.stringify(value)}`);
}

const indexCache = new WeakMap<readonly string[], Map<string, number>>();

function indexOf(vocab: readonly string[]): Map<string, number> {
  let index = indexCache.get(vocab);
  if (index) return index;
  if (vocab.length === 0) throw new Error("vocab: empty word list");
  index = new Map();
  for (let j = 0; j < vocab.length; j++) {
    const w = vocab[j]!;
    if (index.has(w)) throw new Error(`vocab: word "${w}" appears twice (ids ${index.get(w)} and ${j})`);
    index.set(w, j);
  }
  indexCache.set(vocab, index);
  return index;
}

/**
 * Encode texts as a row-major `texts.length x vocab.length` Float32Array.
 * Throws on an empty text list, an empty or duplicated vocabulary, or an unknown weighting.
 */
export function encodeBow(
  texts: readonly string[],
  vocab: readonly string[],
  weighting: BowWeighting,
): Float32Array {
  parseBowWeighting(weighting);
  if (texts.length === 0) throw new Error("texts: empty (0 texts to encode)");
  const index = indexOf(vocab);
  const d = vocab.length;
  const out = new Float32Array(texts.length * d);
  const counts = new Float64Array(d);
  const touched: number[] = [];
  texts.forEach((text, i) => {
    if (typeof text !== "string") throw new Error(`texts[${i}]: expected a string, got ${typeof text}`);
    for (const w of words(text)) {
      const j = index.get(w);
      if (j === undefined) continue;
      if (counts[j] === 0) touched.push(j);
      counts[j]! += 1;
    }
    let sumSq = 0;
    for (const j of touched) {
      const v = weighting === "log1p-l2" ? Math.log1p(counts[j]!) : counts[j]!;
      counts[j] = v;
      sumSq += v * v;
    }
    const norm = Math.sqrt(sumSq);
    for (const j of touched) {
      out[i * d + j] = counts[j]! / norm;
      counts[j] = 0;
    }
    touched.length = 0;
  });
  return out;
}
