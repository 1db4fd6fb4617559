import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildWordVocabulary,
  fromSentencePieceNotation,
  loadBertBaseUncased,
  makeVocabulary,
  readVocabularyFile,
} from "./vocabulary";

describe("loadBertBaseUncased", () => {
  it("restores BERT's vocab.txt notation and ids", () => {
    const v = loadBertBaseUncased();
    // Ids every bert-base-uncased user meets ([CLS] the ... -> 101, 1996; "##s" -> 2015;
    // "to" -> 2000), from the published vocab.txt of google-research/bert uncased_L-12_H-768_A-12.
    expect(v.tokens.length).toBe(30522);
    expect(v.kind).toBe("wordpiece");
    expect(v.tokens[0]).toBe("[PAD]");
    expect(v.tokens[1]).toBe("[unused0]");
    expect(v.tokens[100]).toBe("[UNK]");
    expect(v.tokens[101]).toBe("[CLS]");
    expect(v.tokens[102]).toBe("[SEP]");
    expect(v.tokens[103]).toBe("[MASK]");
    expect(v.tokens[999]).toBe("!");
    expect(v.tokens[1996]).toBe("the");
    expect(v.tokens[2000]).toBe("to");
    expect(v.tokens[2015]).toBe("##s");
  });

  it("converts SentencePiece notation token by token", () => {
    expect(fromSentencePieceNotation(["[PAD]", "\u2581", "[UNK]", "\u2581the", "s"])).toEqual([
      "[PAD]",
      "[unused0]",
      "[UNK]",
      "the",
      "##s",
    ]);
  });
});

describe("word vocabularies", () => {
  it("keeps the most frequent words, ties alphabetically", () => {
    // Counts by hand: the 3, cat 2, dog 2, a 1, sat 1.
    const v = buildWordVocabulary(["The cat sat.", "The dog, the cat; a dog"], 3, "t");
    expect(v.tokens).toEqual(["the", "cat", "dog"]);
    expect(v.kind).toBe("word");
  });

  it("rejects degenerate input", () => {
    expect(() => buildWordVocabulary([], 3, "t")).toThrow(/texts is empty/);
    expect(() => buildWordVocabulary(["..."], 3, "t")).toThrow(/no words/);
    expect(() => buildWordVocabulary(["a"], 0, "t")).toThrow(/size/);
    expect(() => makeVocabulary("t", "word", ["a", "a"])).toThrow(/"a" appears twice/);
    expect(() => makeVocabulary("t", "word", [])).toThrow(/no tokens/);
  });

  it("reads vocabulary files and detects WordPiece by ## tokens", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vocab-"));
    writeFileSync(path.join(dir, "v.txt"), "[UNK]\nthe\n##s\n");
    writeFileSync(path.join(dir, "w.json"), JSON.stringify(["the", "cat"]));
    expect(readVocabularyFile(path.join(dir, "v.txt")).kind).toBe("wordpiece");
    const w = readVocabularyFile(path.join(dir, "w.json"));
    expect(w.kind).toBe("word");
    expect(w.tokens).toEqual(["the", "cat"]);
  });
});
