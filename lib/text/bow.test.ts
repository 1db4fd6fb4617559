import { describe, expect, it } from "vitest";
import { encodeBow, parseBowWeighting } from "./bow";

describe("encodeBow", () => {
  const vocab = ["a", "b", "c"];

  it("log1p-l2: log(1 + tf) then unit Euclidean norm", () => {
    // "A a b!": tf = (2, 1, 0) -> (ln 3, ln 2, 0) / sqrt(ln^2 3 + ln^2 2).
    const x = encodeBow(["A a b!"], vocab, "log1p-l2");
    const n = Math.hypot(Math.log(3), Math.log(2));
    expect(Array.from(x)).toEqual([Math.fround(Math.log(3) / n), Math.fround(Math.log(2) / n), 0]);
  });

  it("tf-l2: raw counts then unit norm; unknown words dropped; row order kept", () => {
    // Row 0 "c zz c a": tf = (1, 0, 2) -> (1, 0, 2) / sqrt 5. Row 1 "zz": no known word -> zeros.
    const x = encodeBow(["c zz c a", "zz"], vocab, "tf-l2");
    expect(Array.from(x)).toEqual([1 / Math.sqrt(5), 0, 2 / Math.sqrt(5), 0, 0, 0].map(Math.fround));
  });

  it("rejects degenerate input", () => {
    expect(() => encodeBow([], vocab, "tf-l2")).toThrow(/texts: empty/);
    expect(() => encodeBow(["a"], [], "tf-l2")).toThrow(/vocab: empty/);
    expect(() => encodeBow(["a"], ["a", "b", "a"], "tf-l2")).toThrow(/"a" appears twice/);
    expect(() => parseBowWeighting("tfidf")).toThrow(/weighting: expected one of/);
  });
});
