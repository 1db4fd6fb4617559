import type { Report } from "@/lib/reports/assemble";
import { fmt } from "@/lib/reports/numbers";
import { inputMapping, vocabularyCoverage } from "@/lib/reports/views";
import { Section, safe, Table, Td } from "./ui";
import { VocabularyCoverageTable } from "./vocabulary-coverage";
import { WarningList } from "./warnings";

const IMAGE_INTRO =
  "To reach the model, every sample was resized and converted into the input the model expects. Large enlargements, invented colour channels and unreadable files change what the model sees.";
const TEXT_INTRO =
  "To reach the model, every text was split into words and only the words in the model's fixed vocabulary were kept: the others are dropped before the model sees anything. A target that loses many more of its words than the source is read through a degraded input.";

/** How the raw inputs were fitted into the model's input space, and what that cost. */
export function InputMappingSection({ report }: { report: Report }) {
  const m = inputMapping(report);
  const coverage = vocabularyCoverage(report);
  const warnings = report.warnings.filter((w) => w.category === "input_mapping");
  return (
    <Section id="input-mapping" title="Input mapping" intro={coverage ? TEXT_INTRO : IMAGE_INTRO}>
      <WarningList warnings={warnings} empty="Nothing was lost in mapping the inputs to the model." />
      {coverage && safe("Vocabulary coverage", () => <VocabularyCoverageTable coverage={coverage} />)}
      {m &&
        // Image inputs only: a text audit's mapping has no sizes or channels to show.
        (["source", "target"] as const).some(
          (side) => m[side]?.summary || (m[side]?.skipped.length ?? 0) > 0,
        ) &&
        safe("Input mapping", () => (
          <div className="mt-4">
            <Table
              caption="Mapping summary per dataset"
              head={[
                "Dataset",
                "Mapped",
                "Original sizes",
                "Scale",
                "Enlarged > 2×",
                "Grey → RGB",
                "Skipped",
              ]}
            >
              {(["source", "target"] as const).map((side) => {
                const s = m[side];
                const sum = s?.summary;
                return (
                  <tr key={side}>
                    <Td className="font-medium">{side}</Td>
                    <Td className="num">{sum?.count ?? "—"}</Td>
                    <Td className="text-xs">{sum?.commonSizes.join(", ") || "—"}</Td>
                    <Td className="num">
                      {sum?.minScale != null ? `${fmt(sum.minScale, 2)}–${fmt(sum.maxScale, 2)}×` : "—"}
                    </Td>
                    <Td className="num">{sum?.upscaledOverLimit ?? "—"}</Td>
                    <Td className="num">{sum?.channelsInvented ?? "—"}</Td>
                    <Td className="num">
                      {s?.skipped.length ?? 0}
                      {s && s.skipped.length > 0 && (
                        <span className="block text-xs text-muted">
                          {s.skipped
                            .slice(0, 3)
                            .map((k) => `${k.externalId}: ${k.reason}`)
                            .join("; ")}
                          {s.skipped.length > 3 ? ` … and ${s.skipped.length - 3} more` : ""}
                        </span>
                      )}
                    </Td>
                  </tr>
                );
              })}
            </Table>
          </div>
        ))}
    </Section>
  );
}
