/**
 * `npx transfer-audit vocab --texts t.csv --column text [--vocab bert-base-uncased] [--source s.csv]
 *  [--top 20] [--json]`
 *
 * Vocabulary coverage of a text corpus (lib/text/coverage.ts): out-of-vocabulary rate by tokens and
 * by types, pieces per word for a WordPiece vocabulary, the most frequent missing words, and the
 * input-mapping warnings the report would show (lib/text/coverage-warnings.ts). With `--source`,
 * the source corpus is measured too and the gap between the two is checked.
 *
 * --vocab: `bert-base-uncased` (default, bundled), `bow-sotu` (the bundled BoW encoder's word list)
 * or a path to a vocabulary file (.json array or one token a line; WordPiece when it has ## tokens).
 * Exit codes: 0 done, 1 bad input (file, CSV, vocabulary), 2 bad arguments.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CoverageResult, vocabularyCoverage } from "@/lib/text/coverage";
import { coverageWarnings } from "@/lib/text/coverage-warnings";
import { parseTextCsv } from "@/lib/text/csv";
import {
  BERT_BASE_UNCASED,
  loadBertBaseUncased,
  readVocabularyFile,
  type Vocabulary,
} from "@/lib/text/vocabulary";
import { type ParsedArgs, parseArgs } from "./args";

export interface VocabIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: VocabIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

const USAGE =
  "Usage: npx transfer-audit vocab --texts t.csv [--column text] [--vocab bert-base-uncased|bow-sotu|<file>] [--source s.csv] [--top 20] [--json]";

function repoRoot(): string {
  return process.env.TA_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
}

export function resolveVocabulary(name: string): Vocabulary {
  if (name === BERT_BASE_UNCASED) return loadBertBaseUncased();
  if (name === "bow-sotu") {
    return readVocabularyFile(path.join(repoRoot(), "public/models/bow-sotu/vocab.json"), "bow-sotu");
  }
  return readVocabularyFile(path.resolve(name));
}

function readTexts(file: string, column: string): string[] {
  const parsed = parseTextCsv(readFileSync(file), {
    file: path.basename(file),
    textColumn: column,
    idColumn: null,
    labelColumn: null,
    attributeColumns: [],
  });
  return parsed.rows.map((r) => r.text);
}

function snake(r: CoverageResult) {
  return {
    vocabulary: r.vocabulary,
    kind: r.kind,
    vocabulary_size: r.vocabularySize,
    n_texts: r.texts,
    tokens: r.tokens,
    types: r.types,
    oov_token_rate: r.oovTokenRate,
    oov_type_rate: r.oovTypeRate,
    pieces_per_word: r.piecesPerWord,
    unk_rate: r.unkTokenRate,
    top_missing: r.topMissing,
  };
}

function human(label: string, r: CoverageResult): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const lines = [
    `${label}: ${r.texts} texts, ${r.tokens} words, ${r.types} distinct, vocabulary ${r.vocabulary} (${r.kind}, ${r.vocabularySize} tokens)`,
    `  OOV by tokens ${pct(r.oovTokenRate)}, by types ${pct(r.oovTypeRate)}`,
  ];
  if (r.piecesPerWord !== null)
    lines.push(`  pieces per word ${r.piecesPerWord.toFixed(3)}, [UNK] ${pct(r.unkTokenRate ?? 0)}`);
  if (r.topMissing.length > 0) {
    lines.push(
      `  most frequent missing: ${r.topMissing.map((m) => `${m.word} (${m.count}${m.pieces ? `: ${m.pieces.join(" ")}` : ""})`).join(", ")}`,
    );
  }
  return lines;
}

export async function runVocab(argv: string[], io: VocabIo = defaultIo): Promise<number> {
  let args: ParsedArgs;
  let texts: string;
  let top: number;
  try {
    args = parseArgs(argv, ["json"]);
    texts = args.require("texts");
    top = args.number("top", 20);
    if (!Number.isInteger(top) || top < 0)
      throw new Error(`--top must be a non-negative integer, got ${top}`);
  } catch (e) {
    io.err(`vocab: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }
  try {
    const column = args.get("column") ?? "text";
    const vocab = resolveVocabulary(args.get("vocab") ?? BERT_BASE_UNCASED);
    const target = vocabularyCoverage(readTexts(texts, column), vocab, { topMissing: top });
    const sourceFile = args.get("source");
    const source = sourceFile
      ? vocabularyCoverage(readTexts(sourceFile, column), vocab, { topMissing: top })
      : undefined;
    const warnings = coverageWarnings(target, source);
    if (args.has("json")) {
      io.out(
        JSON.stringify(
          {
            texts,
            column,
            ...snake(target),
            ...(source ? { source: { texts: sourceFile, ...snake(source) } } : {}),
            warnings,
          },
          null,
          2,
        ),
      );
    } else {
      const lines = [
        ...human(texts, target),
        ...(source && sourceFile ? human(`source ${sourceFile}`, source) : []),
      ];
      for (const w of warnings) lines.push(`${w.severity.toUpperCase()} ${w.code}: ${w.message}`);
      io.out(lines.join("\n"));
    }
    return 0;
  } catch (e) {
    io.err(`vocab: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
