/**
 * Turn vocabulary coverage into input-mapping warnings for the report, the text counterpart of
 * "images were upscaled 4x to reach the model's input size": the model will see a degraded version
 * of the target's text.
 *
 * Thresholds (value >= threshold raises the warning; `severe` replaces `warning` at the second):
 *
 * | code | applies to | warning | severe | why |
 * |---|---|---|---|---|
 * | `oov_rate` | word vocabulary | 0.20 | 0.40 | an OOV word is dropped from a bag of words: at 0.20 one word in five is invisible. A 2,000-word vocabulary built from one half of the 1790-1899 addresses still misses 0.12 of the other half's words, so 0.20 sits clearly above what a capped vocabulary loses in its own domain. |
 * | `oov_rate` | WordPiece | 0.15 | 0.30 | such words are still seen, as fragments; BERT-base uncased misses 0.02 (1990-2021 addresses) to 0.04 (1790-1899) of English prose as whole words |
 * | `fragmentation` | WordPiece | 1.3 | 1.6 | pieces per word ("fertility", Rust et al. 2021): general English prose under BERT-base uncased measures 1.03-1.07 here; 1.3 means 30 extra pieces per 100 words, i.e. much of the vocabulary is being spelled out rather than recognised (the argument for domain vocabularies such as PubMedBERT's, Gu et al. 2021) |
 * | `unk_rate` | WordPiece | 0.01 | 0.05 | [UNK] erases the word entirely (characters outside the vocabulary, or words over 100 characters) |
 * | `oov_gap` | both, with a source | ratio 1.5 and +0.05 | ratio 2 and +0.10 | the target loses markedly more words than the source the model was trained on: both the ratio and the absolute difference must pass, so tiny rates do not trigger |
 * | `fragmentation_gap` | WordPiece, with a source | +0.10 | +0.25 | target words fragment more than source words |
 *
 * The thresholds are heuristics calibrated on the measurements quoted, not published cut-offs.
 */
import type { CoverageResult } from "./coverage";

export type WarningSeverity = "warning" | "severe";
export type CoverageWarningCode = "oov_rate" | "fragmentation" | "unk_rate" | "oov_gap" | "fragmentation_gap";

export interface CoverageWarning {
  code: CoverageWarningCode;
  severity: WarningSeverity;
  /** The measured value the threshold was compared with (a rate, pieces per word, or a difference). */
  value: number;
  /** The threshold that was passed. */
  threshold: number;
  message: string;
}

export const COVERAGE_THRESHOLDS = {
  oovRateWord: { warning: 0.2, severe: 0.4 },
  oovRateWordpiece: { warning: 0.15, severe: 0.3 },
  fragmentation: { warning: 1.3, severe: 1.6 },
  unkRate: { warning: 0.01, severe: 0.05 },
  oovGap: { warning: { ratio: 1.5, diff: 0.05 }, severe: { ratio: 2, diff: 0.1 } },
  fragmentationGap: { warning: 0.1, severe: 0.25 },
} as const;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function level(
  value: number,
  t: { warning: number; severe: number },
): { severity: WarningSeverity; threshold: number } | null {
  if (value >= t.severe) return { severity: "severe", threshold: t.severe };
  if (value >= t.warning) return { severity: "warning", threshold: t.warning };
  return null;
}

/**
 * Warnings for a target corpus' coverage, optionally compared with the source corpus' coverage
 * under the same vocabulary. Throws when the two were measured against different vocabularies.
 */
export function coverageWarnings(target: CoverageResult, source?: CoverageResult): CoverageWarning[] {
  if (source && (source.vocabulary !== target.vocabulary || source.kind !== target.kind)) {
    throw new Error(
      `source: measured against vocabulary ${source.vocabulary} (${source.kind}), target against ${target.vocabulary} (${target.kind})`,
    );
  }
  for (const [name, r] of [
    ["target", target],
    ["source", source],
  ] as const) {
    if (r && !(Number.isFinite(r.oovTokenRate) && r.oovTokenRate >= 0 && r.oovTokenRate <= 1)) {
      throw new Error(`${name}.oovTokenRate: expected a rate in [0, 1], got ${r.oovTokenRate}`);
    }
  }
  const out: CoverageWarning[] = [];
  const wp = target.kind === "wordpiece";

  const oov = level(
    target.oovTokenRate,
    wp ? COVERAGE_THRESHOLDS.oovRateWordpiece : COVERAGE_THRESHOLDS.oovRateWord,
  );
  if (oov) {
    out.push({
      code: "oov_rate",
      ...oov,
      value: target.oovTokenRate,
      message: wp
        ? `${pct(target.oovTokenRate)} of the words are not whole tokens of ${target.vocabulary}: the model sees them only as fragments.`
        : `${pct(target.oovTokenRate)} of the words are not in the ${target.vocabulary} vocabulary and are dropped from the model's input.`,
    });
  }
  if (wp && target.piecesPerWord !== null) {
    const frag = level(target.piecesPerWord, COVERAGE_THRESHOLDS.fragmentation);
    if (frag) {
      out.push({
        code: "fragmentation",
        ...frag,
        value: target.piecesPerWord,
        message: `Words split into ${target.piecesPerWord.toFixed(2)} WordPiece pieces on average under ${target.vocabulary}: much of the target's vocabulary is spelled out rather than recognised.`,
      });
    }
  }
  if (wp && target.unkTokenRate !== null) {
    const unk = level(target.unkTokenRate, COVERAGE_THRESHOLDS.unkRate);
    if (unk) {
      out.push({
        code: "unk_rate",
        ...unk,
        value: target.unkTokenRate,
        message: `${pct(target.unkTokenRate)} of the words become [UNK] under ${target.vocabulary} and are lost entirely.`,
      });
    }
  }
  if (source) {
    const diff = target.oovTokenRate - source.oovTokenRate;
    const ratio =
      source.oovTokenRate > 0 ? target.oovTokenRate / source.oovTokenRate : Number.POSITIVE_INFINITY;
    const g = COVERAGE_THRESHOLDS.oovGap;
    const severity: WarningSeverity | null =
      ratio >= g.severe.ratio && diff >= g.severe.diff
        ? "severe"
        : ratio >= g.warning.ratio && diff >= g.warning.diff
          ? "warning"
          : null;
    if (severity) {
      out.push({
        code: "oov_gap",
        severity,
        value: diff,
        threshold: g[severity].diff,
        message: `The target loses ${pct(target.oovTokenRate)} of its words to ${target.vocabulary}, against ${pct(source.oovTokenRate)} for the source (${Number.isFinite(ratio) ? `${ratio.toFixed(1)}x` : "none in the source"}).`,
      });
    }
    if (wp && target.piecesPerWord !== null && source.piecesPerWord !== null) {
      const fdiff = target.piecesPerWord - source.piecesPerWord;
      const fg = level(fdiff, COVERAGE_THRESHOLDS.fragmentationGap);
      if (fg) {
        out.push({
          code: "fragmentation_gap",
          ...fg,
          value: fdiff,
          message: `Target words split into ${target.piecesPerWord.toFixed(2)} pieces on average, source words into ${source.piecesPerWord.toFixed(2)}.`,
        });
      }
    }
  }
  return out;
}
