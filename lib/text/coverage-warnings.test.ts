import { describe, expect, it } from "vitest";
import type { CoverageResult } from "./coverage";
import { coverageWarnings } from "./coverage-warnings";

function result(over: Partial<CoverageResult>): CoverageResult {
  return {
    vocabulary: "v",
    kind: "wordpiece",
    vocabularySize: 100,
    texts: 10,
    tokens: 1000,
    types: 300,
    oovTokens: 0,
    oovTypes: 0,
    oovTokenRate: 0,
    oovTypeRate: 0,
    piecesPerWord: 1,
    unkTokenRate: 0,
    topMissing: [],
    ...over,
  };
}

const codes = (ws: ReturnType<typeof coverageWarnings>) => ws.map((w) => `${w.code}:${w.severity}`);

describe("coverageWarnings", () => {
  it("is silent on well-covered text", () => {
    // Measured on the 1990-2021 addresses under BERT-base uncased: 0.020 OOV, 1.03 pieces per word.
    expect(coverageWarnings(result({ oovTokenRate: 0.02, piecesPerWord: 1.03 }))).toEqual([]);
  });

  it("applies the documented thresholds at their boundaries", () => {
    expect(codes(coverageWarnings(result({ piecesPerWord: 1.3 })))).toEqual(["fragmentation:warning"]);
    expect(codes(coverageWarnings(result({ piecesPerWord: 1.29 })))).toEqual([]);
    expect(codes(coverageWarnings(result({ piecesPerWord: 1.6 })))).toEqual(["fragmentation:severe"]);
    expect(codes(coverageWarnings(result({ unkTokenRate: 0.01 })))).toEqual(["unk_rate:warning"]);
    expect(codes(coverageWarnings(result({ oovTokenRate: 0.15 })))).toEqual(["oov_rate:warning"]);
    // A word vocabulary drops OOV words: thresholds 0.20 / 0.40.
    const word = { kind: "word" as const, piecesPerWord: null, unkTokenRate: null };
    expect(codes(coverageWarnings(result({ ...word, oovTokenRate: 0.15 })))).toEqual([]);
    expect(codes(coverageWarnings(result({ ...word, oovTokenRate: 0.25 })))).toEqual(["oov_rate:warning"]);
    expect(codes(coverageWarnings(result({ ...word, oovTokenRate: 0.4 })))).toEqual(["oov_rate:severe"]);
  });

  it("compares target with source: both the ratio and the difference must pass", () => {
    const word = { kind: "word" as const, piecesPerWord: null, unkTokenRate: null };
    // 0.12 -> 0.25: ratio 2.08 and +0.13 -> severe gap (plus the absolute 0.20 warning).
    expect(
      codes(
        coverageWarnings(result({ ...word, oovTokenRate: 0.25 }), result({ ...word, oovTokenRate: 0.12 })),
      ),
    ).toEqual(["oov_rate:warning", "oov_gap:severe"]);
    // 0.01 -> 0.03: ratio 3 but only +0.02 -> no gap warning.
    expect(
      codes(
        coverageWarnings(result({ ...word, oovTokenRate: 0.03 }), result({ ...word, oovTokenRate: 0.01 })),
      ),
    ).toEqual([]);
    // 0.10 -> 0.16: ratio 1.6 and +0.06 -> warning.
    expect(
      codes(
        coverageWarnings(result({ ...word, oovTokenRate: 0.16 }), result({ ...word, oovTokenRate: 0.1 })),
      ),
    ).toEqual(["oov_gap:warning"]);
    // General vs medical text under BERT: 1.10 -> 1.25 pieces per word (+0.15) -> fragmentation gap.
    expect(codes(coverageWarnings(result({ piecesPerWord: 1.25 }), result({ piecesPerWord: 1.1 })))).toEqual([
      "fragmentation_gap:warning",
    ]);
  });

  it("refuses to compare different vocabularies or impossible rates", () => {
    expect(() => coverageWarnings(result({}), result({ vocabulary: "other" }))).toThrow(
      /source: measured against vocabulary other/,
    );
    expect(() => coverageWarnings(result({ oovTokenRate: Number.NaN }))).toThrow(/target.oovTokenRate/);
  });
});
