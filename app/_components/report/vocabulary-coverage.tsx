import type { VocabularyCoverageArtifact } from "@/lib/audits/stages/text-coverage";
import { pct } from "@/lib/reports/numbers";
import { Term } from "../term";
import { Table, Td } from "./ui";

const n = (x: number) => x.toLocaleString("en");
/** A difference of two rates: 0.05 -> "5 percentage points". */
const points = (x: number) => `${Math.round(x * 100)} percentage points`;

/** "12,345 of 100,000 (12.3 %)": a count with its whole and share. */
function share(count: number, total: number) {
  return (
    <>
      {n(count)} of {n(total)} <span className="text-muted">({pct(total > 0 ? count / total : null)})</span>
    </>
  );
}

/**
 * Text audits: how much of each corpus the model's vocabulary covers, with the counts (the
 * `vocabulary_coverage` artifact of lib/audits/stages/text-coverage.ts).
 */
export function VocabularyCoverageTable({ coverage: c }: { coverage: VocabularyCoverageArtifact }) {
  const sides = [
    ["source", c.source],
    ["target", c.target],
  ] as const;
  const sampled = sides.filter(([, s]) => s.sampledTexts < s.totalTexts);
  const rate = c.target.kind === "wordpiece" ? c.thresholds.oovRateWordpiece : c.thresholds.oovRateWord;
  return (
    <div className="mt-4 space-y-2" data-testid="vocabulary-coverage">
      <Table
        caption={`Coverage by the model's vocabulary (${c.vocabulary}, ${n(c.vocabularySize)} words)`}
        head={[
          "Dataset",
          "Texts measured",
          <Term key="oov" k="oov">
            Words outside the vocabulary
          </Term>,
          "Distinct words outside",
          "Texts with no known word",
          "Most frequent missing words",
        ]}
      >
        {sides.map(([side, s]) => (
          <tr key={side}>
            <Td className="font-medium">{side}</Td>
            <Td className="num">{share(s.sampledTexts, s.totalTexts)}</Td>
            <Td className="num">{share(s.oovTokens, s.tokens)}</Td>
            <Td className="num">{share(s.oovTypes, s.types)}</Td>
            <Td className="num">{share(s.emptyTexts, s.sampledTexts)}</Td>
            <Td className="text-xs">
              {s.topMissing
                .slice(0, 10)
                .map((m) => `${m.word} (${n(m.count)})`)
                .join(", ") || "—"}
            </Td>
          </tr>
        ))}
      </Table>
      <p className="text-xs text-muted">
        Word counts are occurrences in the measured texts; a text with no known word reaches the model as the
        zero vector. A medium warning is raised when {pct(rate.warning, 0)} of the target's words are outside
        the vocabulary, or when it loses {c.thresholds.oovGap.warning.ratio}× the source's share and{" "}
        {points(c.thresholds.oovGap.warning.diff)} more; a high one at {pct(rate.severe, 0)}, or{" "}
        {c.thresholds.oovGap.severe.ratio}× and {points(c.thresholds.oovGap.severe.diff)} more.
        {sampled.length > 0 &&
          ` Measured on a seeded random subset (seed ${c.seed}) of the ${sampled.map(([side]) => side).join(" and ")}.`}
      </p>
    </div>
  );
}
