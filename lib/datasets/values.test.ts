import { describe, expect, it } from "vitest";
import { isMissing, looksProtected, parseNumber, profileColumn } from "./values";

describe("parseNumber", () => {
  it("accepts decimal literals only", () => {
    expect(["12", "-3.5", "+.5", "1e3", "2.E-2", " 7 "].map(parseNumber)).toEqual([
      12, -3.5, 0.5, 1000, 0.02, 7,
    ]);
    // Number() would turn these into 0, 26, Infinity, 3: none is a feature value a CSV author means.
    expect(["", "0x1A", "Infinity", "0b11", "1,5", "12abc", "1e999"].map(parseNumber)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("profileColumn", () => {
  it("detects integer, number, categorical, text and empty columns, counting missing cells", () => {
    expect(profileColumn("a", ["1", "2", "NA", ""])).toMatchObject({
      type: "integer",
      count: 2,
      missing: 2,
      distinct: 2,
    });
    expect(profileColumn("b", ["1", "2.5"]).type).toBe("number");
    // 2 distinct values among 4: at most half -> categorical.
    expect(profileColumn("c", ["m", "f", "f", "m"])).toMatchObject({
      type: "categorical",
      distinct: 2,
      examples: ["m", "f"],
    });
    // 4 distinct among 4: an id-like column, not categorical.
    expect(profileColumn("d", ["a", "b", "c", "d"]).type).toBe("text");
    expect(profileColumn("e", ["", "null"]).type).toBe("empty");
  });
  it("treats the usual spellings of 'no value' as missing", () => {
    expect(["", " ", "NA", "n/a", "NaN", "null", "None", "?", "-"].every(isMissing)).toBe(true);
    expect(["0", "no", "nan0"].some(isMissing)).toBe(false);
  });
});

describe("looksProtected", () => {
  it("flags columns that describe people, by whole words", () => {
    expect(
      ["sex", "gender", "skin_tone", "age_group", "Race", "maritalStatus", "ethnicity"].every(looksProtected),
    ).toBe(true);
    expect(["agency", "image", "wage", "region", "occupation", "raceway_id"].some(looksProtected)).toBe(
      false,
    );
  });
});
