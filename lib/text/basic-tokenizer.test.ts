import { describe, expect, it } from "vitest";
import { basicTokenize, isPunctuation, words } from "./basic-tokenizer";

// Expected outputs are the cases of google-research/bert tokenization_test.py
// (test_basic_tokenizer_lower, test_chinese, test_is_punctuation), ported verbatim.
describe("basicTokenize (BERT BasicTokenizer, uncased)", () => {
  it("lowercases, splits whitespace and punctuation (bert test_basic_tokenizer_lower)", () => {
    expect(basicTokenize(" \tHeLLo!how  \n Are yoU?  ")).toEqual(["hello", "!", "how", "are", "you", "?"]);
    expect(basicTokenize("H\u00E9llo")).toEqual(["hello"]);
  });

  it("spaces out CJK ideographs (bert test_chinese)", () => {
    expect(basicTokenize("ah\u535A\u63A8zz")).toEqual(["ah", "\u535A", "\u63A8", "zz"]);
  });

  it("classifies punctuation like BERT (bert test_is_punctuation, plus ASCII symbols BERT counts)", () => {
    for (const ch of ["-", "$", "`", ".", "\u2019"]) expect(isPunctuation(ch)).toBe(true);
    for (const ch of ["A", " "]) expect(isPunctuation(ch)).toBe(false);
  });

  it("drops control characters and NUL, keeps tabs and newlines as spaces", () => {
    // U+0005 is Cc, U+200B (zero-width space) is Cf: both removed by _clean_text.
    expect(basicTokenize("a\u0005b\u0000c\u200Bd\te\nf")).toEqual(["abcd", "e", "f"]);
  });

  it("splits apostrophes and abbreviations into separate tokens", () => {
    // Worked by hand from the rules: every punctuation character is its own token.
    expect(basicTokenize("Héllo, U.S.A.'s")).toEqual(["hello", ",", "u", ".", "s", ".", "a", ".", "'", "s"]);
    expect(basicTokenize("America’s")).toEqual(["america", "’", "s"]);
  });

  it("words() keeps only tokens with a letter or digit", () => {
    expect(words("In 1790, the U.S. -- a republic!")).toEqual([
      "in",
      "1790",
      "the",
      "u",
      "s",
      "a",
      "republic",
    ]);
    expect(words("... !!! --")).toEqual([]);
  });
});
