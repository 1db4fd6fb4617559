/**
 * Vocabulary coverage of a corpus: how much of the text a model's fixed vocabulary can see.
 *
 * Words are the word tokens of BERT basic tokenisation (`words()` in basic-tokenizer.ts). With
 * N word occurrences (tokens) over T distinct words (types), and "in vocabulary" meaning the word is
 * a whole token of the vocabulary:
 *
 *   oovTokenRate  = (occurrences of words not in the vocabulary) / N
 *   oovTypeRate   = (distinct words not in the vocabulary) / T
 *   piecesPerWord = (sum over occurrences of the number of WordPiece pieces) / N     (WordPiece only)
 *   unkTokenRate  = (occurrences that WordPiece maps to [UNK]) / N                     (WordPiece only)
 *
 * `piecesPerWord` is the "fertility" of Ács (2019, "Exploring BERT's vocabulary") and Rust et al. (2021, "How Good is Your
 * Tokenizer?", ACL): 1 when every word is a whole token, higher when words are fragmented, as
 * biomedical text is under BERT's general-domain vocabulary (Gu et al. 2021, "Domain-Specific
 * Language Model Pretraining for Biomedical NLP": their case for PubMedBERT's own vocabulary).
 * A word mapped to [UNK] counts as one piece, as BERT emits one [UNK] for it. For a WordPiece
 * vocabulary a word that is not a whole token either splits into two or more pieces or becomes
 * [UNK], so oovTokenRate = (share of words split into several pieces) + unkTokenRate.
 *
 * For a plain word vocabulary (a bag-of-words model) an out-of-vocabulary word is dropped from the
 * input altogether; pieces and [UNK] do not apply and are reported as null.
 */
import { words } from "./basic-tokenizer";
import type { Vocabulary, VocabularyKind } from "./vocabulary";
import { wordpiece } from "./wordpiece";

export interface MissingWord {
  word: string;
  count: number;
  /** WordPiece segmentation of the word (null for a word vocabulary). */
  pieces: string[] | null;
}

export interface CoverageResult {
  vocabulary: string;
  kind: VocabularyKind;
  vocabularySize: number;
  texts: number;
  /** Word occurrences N. */
  tokens: number;
  /** Distinct words T. */
  types: number;
  oovTokens: number;
  oovTypes: number;
  oovTokenRate: number;
  oovTypeRate: number;
  piecesPerWord: number | null;
  unkTokenRate: number | null;
  /** Most frequent out-of-vocabulary words, by count then alphabetically. */
  topMissing: MissingWord[];
}

export interface CoverageOptions {
  /** How many missing words to list (default 20). */
  topMissing?: number;
}

export function vocabularyCoverage(
  texts: readonly string[],
  vocab: Vocabulary,
  options: CoverageOptions = {},
): CoverageResult {
  const top = options.topMissing ?? 20;
  if (!Number.isInteger(top) || top < 0)
    throw new Error(`topMissing must be a non-negative integer, got ${top}`);
  if (texts.length === 0) throw new Error("texts: empty corpus (0 texts)");

  const counts = new Map<string, number>();
  texts.forEach((text, i) => {
    if (typeof text !== "string") throw new Error(`texts[${i}]: expected a string, got ${typeof text}`);
    for (const w of words(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
  });
  if (counts.size === 0)
    throw new Error(`texts: no words in ${texts.length} texts (all empty or punctuation)`);

  const isWordPiece = vocab.kind === "wordpiece";
  let tokens = 0;
  let oovTokens = 0;
  let oovTypes = 0;
  let pieces = 0;
  let unk = 0;
  const missing: MissingWord[] = [];
  // Segment each distinct word once and weight by its count.
  for (const [word, count] of counts) {
    tokens += count;
    const inVocab = vocab.set.has(word);
    let segmentation: string[] | null = null;
    if (isWordPiece) {
      segmentation = inVocab ? [word] : wordpiece(word, vocab.set);
      pieces += count * segmentation.length;
      if (segmentation.length === 1 && segmentation[0] === "[UNK]" && !inVocab) unk += count;
    }
    if (!inVocab) {
      oovTokens += count;
      oovTypes += 1;
      missing.push({ word, count, pieces: segmentation });
    }
  }
  missing.sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));

  return {
    vocabulary: vocab.name,
    kind: vocab.kind,
    vocabularySize: vocab.tokens.length,
    texts: texts.length,
    tokens,
    types: counts.size,
    oovTokens,
    oovTypes,
    oovTokenRate: oovTokens / tokens,
    oovTypeRate: oovTypes / counts.size,
    piecesPerWord: isWordPiece ? pieces / tokens : null,
    unkTokenRate: isWordPiece ? unk / tokens : null,
    topMissing: missing.slice(0, top),
  };
}
