/**
 * The text side of the report's input mapping: how much of each corpus the model's fixed word list
 * can see. A bag-of-words model drops every word outside its vocabulary, so a target that loses
 * many more words than the source is read through a degraded input, the text counterpart of
 * "the target images were upscaled 4x" (lib/text/coverage.ts for the rates, coverage-warnings.ts
 * for the thresholds and their calibration).
 *
 * Produces the `vocabulary_coverage` artifact (both corpora's coverage, the warnings raised, the
 * thresholds) and `input_mapping` warning rows. Corpora larger than MAX_TEXTS are measured on a
 * seeded random subset of MAX_TEXTS texts; the artifact says so.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type auditArtifacts, type Model, type Severity, samples, type warnings } from "@/db/schema";
import { bowVocabulary } from "@/lib/audits/inputs";
import { createRng, permutation } from "@/lib/metrics/stats/rng";
import { words } from "@/lib/text/basic-tokenizer";
import { type CoverageResult, vocabularyCoverage } from "@/lib/text/coverage";
import { COVERAGE_THRESHOLDS, type CoverageWarning, coverageWarnings } from "@/lib/text/coverage-warnings";
import type { Vocabulary } from "@/lib/text/vocabulary";

/** Texts per side the coverage is measured on (tokenising costs ~0.5 ms per 100-word passage). */
export const MAX_TEXTS = 20_000;
const TOP_MISSING = 20;

export interface SideCoverage extends CoverageResult {
  /** Texts in the dataset, and how many were measured (all, or a seeded subset of MAX_TEXTS). */
  totalTexts: number;
  sampledTexts: number;
  /** Measured texts with no word in the vocabulary: they reach the model as the zero vector. */
  emptyTexts: number;
}

export interface VocabularyCoverageArtifact {
  vocabulary: string;
  vocabularySize: number;
  source: SideCoverage;
  target: SideCoverage;
  warnings: CoverageWarning[];
  thresholds: typeof COVERAGE_THRESHOLDS;
  seed: number;
}

/** A dataset's texts in dataset order, or a seeded subset of `max` of them (kept in dataset order). */
export async function datasetTexts(
  db: Db,
  datasetId: string,
  max: number,
  seed: number,
): Promise<{ texts: string[]; total: number }> {
  const ids = (
    await db
      .select({ id: samples.id })
      .from(samples)
      .where(eq(samples.datasetId, datasetId))
      .orderBy(asc(samples.ordinal))
  ).map((r) => r.id);
  const keep =
    ids.length <= max
      ? ids
      : Array.from(permutation(ids.length, createRng(seed)).slice(0, max))
          .sort((a, b) => a - b)
          .map((i) => ids[i]!);
  const texts: string[] = [];
  for (let i = 0; i < keep.length; i += 1000) {
    const rows = await db
      .select({ text: samples.text })
      .from(samples)
      .where(inArray(samples.id, keep.slice(i, i + 1000)))
      .orderBy(asc(samples.ordinal));
    for (const r of rows) if (r.text !== null && r.text.trim() !== "") texts.push(r.text);
  }
  return { texts, total: ids.length };
}

function sideCoverage(texts: string[], total: number, vocab: Vocabulary, side: string): SideCoverage {
  if (texts.length === 0) throw new Error(`${side}: no texts stored to measure vocabulary coverage on`);
  const coverage = vocabularyCoverage(texts, vocab, { topMissing: TOP_MISSING });
  let emptyTexts = 0;
  for (const t of texts) if (!words(t).some((w) => vocab.set.has(w))) emptyTexts++;
  return { ...coverage, totalTexts: total, sampledTexts: texts.length, emptyTexts };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * Coverage "warning" is a medium finding, "severe" a high one: at the severe thresholds 40% of the
 * target's words are dropped, or twice the source's share and ten points more.
 */
const SEVERITY: Record<CoverageWarning["severity"], Severity> = { warning: "medium", severe: "high" };

function warningRow(
  auditId: string,
  w: CoverageWarning,
  a: VocabularyCoverageArtifact,
): typeof warnings.$inferInsert {
  const t = a.target;
  const missing = t.topMissing
    .slice(0, 10)
    .map((m) => `"${m.word}" (${m.count})`)
    .join(", ");
  const title =
    w.code === "oov_gap"
      ? `Target loses ${pct(t.oovTokenRate)} of its words to the vocabulary, the source ${pct(a.source.oovTokenRate)}`
      : w.code === "oov_rate"
        ? `${pct(t.oovTokenRate)} of the target's words are outside the model's vocabulary`
        : `Target text is poorly covered by ${a.vocabulary} (${w.code})`;
  return {
    auditId,
    category: "input_mapping",
    severity: SEVERITY[w.severity],
    code: `vocabulary:${w.code}`,
    title,
    message: `${w.message} Most frequent missing words: ${missing || "none"}.`,
    mitigation:
      "Prefer a model whose vocabulary was built on text like the target's, or extend the vocabulary and fine-tune; check whether the missing words are the ones that carry the label.",
    evidence: {
      metric:
        w.code === "oov_gap" ? "OOV token rate, target − source" : `${w.code.replace("_", " ")} (target)`,
      value: w.value,
      n: t.tokens,
      note: `threshold ${w.threshold}; target OOV ${pct(t.oovTokenRate)} of ${t.tokens} words, source ${pct(a.source.oovTokenRate)} of ${a.source.tokens}`,
    },
  };
}

/** Measures both corpora against the model's vocabulary; returns the artifact and the warning rows. */
export async function textCoverage(
  db: Db,
  input: { auditId: string; model: Model; sourceId: string; targetId: string; seed: number },
): Promise<{
  artifact: typeof auditArtifacts.$inferInsert;
  warnings: (typeof warnings.$inferInsert)[];
}> {
  const vocab = bowVocabulary(input.model);
  const s = await datasetTexts(db, input.sourceId, MAX_TEXTS, input.seed + 4);
  const t = await datasetTexts(db, input.targetId, MAX_TEXTS, input.seed + 5);
  const source = sideCoverage(s.texts, s.total, vocab, "source");
  const target = sideCoverage(t.texts, t.total, vocab, "target");
  const data: VocabularyCoverageArtifact = {
    vocabulary: vocab.name,
    vocabularySize: vocab.tokens.length,
    source,
    target,
    warnings: coverageWarnings(target, source),
    thresholds: COVERAGE_THRESHOLDS,
    seed: input.seed,
  };
  const rows = data.warnings.map((w) => warningRow(input.auditId, w, data));
  if (target.emptyTexts > 0) {
    rows.push({
      auditId: input.auditId,
      category: "input_mapping",
      severity: "info",
      code: "vocabulary:empty_texts:target",
      title: `${target.emptyTexts} target texts have no word in the vocabulary`,
      message: `${target.emptyTexts} of ${target.sampledTexts} target texts contain no word of ${vocab.name}'s ${vocab.tokens.length}-word vocabulary: the model receives them as the zero vector, so they all map to the same point whatever they say.`,
      mitigation:
        "Check these texts (language, encoding, very short entries); a model with a wider vocabulary would see them.",
      evidence: {
        metric: "texts encoded as the zero vector",
        value: target.emptyTexts,
        n: target.sampledTexts,
      },
    });
  }
  return {
    artifact: { auditId: input.auditId, kind: "vocabulary_coverage", layer: null, data },
    warnings: rows,
  };
}
