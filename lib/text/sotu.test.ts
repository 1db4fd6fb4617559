import { describe, expect, it } from "vitest";
import { decadeLabel, loadSotuSpeeches, passages } from "./sotu";

describe("passages", () => {
  it("packs whole sentences up to at least minWords words", () => {
    // minWords 3: "A b." (2 words) is too short, so it continues to "C d." (4 words, ends a sentence).
    // "E f g h i" has no sentence end and stops short of maxWords 6 when the text ends: a remainder
    // of 5 words (>= 3 / 2) stays a passage of its own.
    expect(passages("A b. C d. E f g h i", 3, 6)).toEqual(["A b. C d.", "E f g h i"]);
    // A remainder shorter than minWords / 2 joins the previous passage.
    expect(passages("A b c. D", 3, 6)).toEqual(["A b c. D"]);
    // maxWords cuts a long sentence.
    expect(passages("a b c d e f g h.", 2, 3)).toEqual(["a b c", "d e f", "g h."]);
    // Quotes and brackets after the full stop still end the sentence; the 1-word remainder "ok"
    // (< 3 / 2) joins the passage before it.
    expect(passages('He said "no." Then (he left.) ok', 3, 10)).toEqual([
      'He said "no."',
      "Then (he left.) ok",
    ]);
  });

  it("rejects bad sizes", () => {
    expect(() => passages("a", 0)).toThrow(/minWords/);
    expect(() => passages("a", 5, 4)).toThrow(/maxWords/);
  });
});

describe("State of the Union corpus", () => {
  it("loads every address with year and party", () => {
    const s = loadSotuSpeeches();
    // The package lists 233 addresses 1790-2021 (two each in 1953 and 1961, none in 1933).
    expect(s).toHaveLength(233);
    expect(s[0]).toMatchObject({ year: 1790, president: "George Washington", party: "none" });
    expect(s.filter((x) => x.year === 1953).map((x) => x.party)).toEqual(["Republican", "Democratic"]);
  });

  it("labels decades", () => {
    expect(decadeLabel(1799)).toBe("1790s");
    expect(decadeLabel(2000)).toBe("2000s");
    expect(() => decadeLabel(1999.5)).toThrow(/year/);
  });
});
