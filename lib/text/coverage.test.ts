import { describe, expect, it } from "vitest";
import { vocabularyCoverage } from "./coverage";
import { loadBertBaseUncased, makeVocabulary } from "./vocabulary";

// A 3-sentence corpus worked by hand.
//   1 "The cat sat on the mat."        words: the cat sat on the mat            (6)
//   2 "Unhappily, the dogs sat."       words: unhappily the dogs sat             (4)
//   3 "Dogs? Zebras sat on the cat!"   words: dogs zebras sat on the cat         (6)
// N = 16 occurrences; types: the cat sat on mat unhappily dogs zebras -> T = 8.
const corpus = ["The cat sat on the mat.", "Unhappily, the dogs sat.", "Dogs? Zebras sat on the cat!"];

describe("vocabularyCoverage, WordPiece", () => {
  // Hand vocabulary: unhappily -> un ##happi ##ly (3 pieces), dogs -> dog ##s (2 pieces),
  // zebras -> no vocabulary piece starts with "z" -> [UNK] (1 piece).
  const vocab = makeVocabulary("hand", "wordpiece", [
    "[UNK]",
    "the",
    "cat",
    "sat",
    "on",
    "mat",
    "un",
    "##happi",
    "##ly",
    "dog",
    "##s",
  ]);
  const r = vocabularyCoverage(corpus, vocab);

  it("counts OOV by tokens and types", () => {
    expect(r.tokens).toBe(16);
    expect(r.types).toBe(8);
    // OOV occurrences: unhappily 1 + dogs 2 + zebras 1 = 4 -> 4/16.
    expect(r.oovTokens).toBe(4);
    expect(r.oovTokenRate).toBeCloseTo(4 / 16, 12);
    // OOV types: unhappily, dogs, zebras -> 3/8.
    expect(r.oovTypeRate).toBeCloseTo(3 / 8, 12);
  });

  it("measures fragmentation and [UNK]", () => {
    // Pieces: sentence 1 = 6; 2 = 3 + 1 + 2 + 1 = 7; 3 = 2 + 1 + 1 + 1 + 1 + 1 = 7 -> 20 / 16 = 1.25.
    expect(r.piecesPerWord).toBeCloseTo(20 / 16, 12);
    // zebras is the only [UNK]: 1/16. Split words (unhappily, dogs x2) = 3/16; 3/16 + 1/16 = OOV rate.
    expect(r.unkTokenRate).toBeCloseTo(1 / 16, 12);
  });

  it("lists missing words by count, then alphabetically, with their pieces", () => {
    expect(r.topMissing).toEqual([
      { word: "dogs", count: 2, pieces: ["dog", "##s"] },
      { word: "unhappily", count: 1, pieces: ["un", "##happi", "##ly"] },
      { word: "zebras", count: 1, pieces: ["[UNK]"] },
    ]);
    expect(vocabularyCoverage(corpus, vocab, { topMissing: 1 }).topMissing).toHaveLength(1);
  });
});

describe("vocabularyCoverage, word vocabulary", () => {
  it("has no pieces and counts dropped words", () => {
    const vocab = makeVocabulary("words", "word", ["the", "cat", "sat", "on", "mat", "dogs"]);
    const r = vocabularyCoverage(corpus, vocab);
    // OOV: unhappily 1 + zebras 1 = 2 of 16 occurrences; 2 of 8 types.
    expect(r.oovTokenRate).toBeCloseTo(2 / 16, 12);
    expect(r.oovTypeRate).toBeCloseTo(2 / 8, 12);
    expect(r.piecesPerWord).toBeNull();
    expect(r.unkTokenRate).toBeNull();
  });
});

describe("vocabularyCoverage against BERT-base uncased", () => {
  it("counts whole-word tokens only as in vocabulary", () => {
    // In the real vocab (checked in wordpiece.test.ts): "playing" whole; "embeddings" -> 4 pieces;
    // "unaffable" -> 3 pieces. Words: the playing embeddings unaffable the -> N = 5.
    const r = vocabularyCoverage(["The playing embeddings, unaffable the."], loadBertBaseUncased());
    expect(r.oovTokenRate).toBeCloseTo(2 / 5, 12);
    // Pieces 1 + 1 + 4 + 3 + 1 = 10 -> 2.
    expect(r.piecesPerWord).toBeCloseTo(10 / 5, 12);
    expect(r.unkTokenRate).toBe(0);
  });
});

describe("vocabularyCoverage, degenerate input", () => {
  const vocab = makeVocabulary("w", "word", ["a"]);
  it("throws on an empty corpus or one without words", () => {
    expect(() => vocabularyCoverage([], vocab)).toThrow(/texts: empty corpus/);
    expect(() => vocabularyCoverage(["", "?!"], vocab)).toThrow(/texts: no words/);
    expect(() => vocabularyCoverage(["a"], vocab, { topMissing: -1 })).toThrow(/topMissing/);
  });
});
