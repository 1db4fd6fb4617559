import { describe, expect, it } from "vitest";
import { loadBertBaseUncased } from "./vocabulary";
import { wordpiece } from "./wordpiece";

describe("wordpiece", () => {
  // Vocabulary and expectations of google-research/bert tokenization_test.py test_wordpiece_tokenizer.
  const vocab = new Set(["[UNK]", "[CLS]", "[SEP]", "want", "##want", "##ed", "wa", "un", "runn", "##ing"]);

  it("matches BERT's own test cases", () => {
    expect(["unwanted", "running"].flatMap((w) => wordpiece(w, vocab))).toEqual([
      "un",
      "##want",
      "##ed",
      "runn",
      "##ing",
    ]);
    expect(["unwantedX", "running"].flatMap((w) => wordpiece(w, vocab))).toEqual(["[UNK]", "runn", "##ing"]);
  });

  it("maps words over 100 characters to [UNK] without searching", () => {
    const v = new Set(["a", "##a"]);
    // 100 characters: one "a" then 99 "##a" by greedy matching; 101 characters: [UNK].
    expect(wordpiece("a".repeat(100), v)).toHaveLength(100);
    expect(wordpiece("a".repeat(101), v)).toEqual(["[UNK]"]);
  });

  it("throws on an empty word", () => {
    expect(() => wordpiece("", vocab)).toThrow(/word is empty/);
  });

  it("splits known words against the real BERT-base uncased vocabulary", () => {
    const bert = loadBertBaseUncased();
    // tokenization.py's docstring illustrates "unaffable" -> un ##aff ##able with a made-up vocab.
    // The real uncased vocab has no "##aff", but has the whole word "una" and no "unaf"/"unaff",
    // so greedy longest-match takes "una", then "##ffa" (no "##ffab"/"##ffable"), then "##ble":
    // the split Hugging Face's BertTokenizer also prints for bert-base-uncased.
    expect(bert.set.has("##aff")).toBe(false);
    expect(bert.set.has("unaf")).toBe(false);
    expect(bert.set.has("##ffab")).toBe(false);
    expect(wordpiece("unaffable", bert.set)).toEqual(["una", "##ffa", "##ble"]);
    // Hugging Face course, chapter 6 (WordPiece): "embeddings" -> em ##bed ##ding ##s.
    expect(wordpiece("embeddings", bert.set)).toEqual(["em", "##bed", "##ding", "##s"]);
    // Whole-word tokens stay whole.
    expect(wordpiece("playing", bert.set)).toEqual(["playing"]);
  });
});
