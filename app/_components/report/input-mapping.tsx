import type { Report } from "@/lib/reports/assemble";
import { fmt } from "@/lib/reports/numbers";
import { inputMapping } from "@/lib/reports/views";
import { Section, safe, Table, Td } from "./ui";
import { WarningList } from "./warnings";

/** How the raw inputs were fitted into the model's input space, and what that cost. */
export function InputMappingSection({ report }: { report: Report }) {
  const m = inputMapping(report);
  const warnings = report.warnings.filter((w) => w.category === "input_mapping");
  return (
    <Section
      id="input-mapping"
      title="Input mapping"
      intro="To reach the model, every sample was resized and converted into the input the model expects. Large enlargements, invented colour channels and unreadable files change what the model sees."
    >
      <WarningList warnings={warnings} empty="Nothing was lost in mapping the inputs to the model." />
      {m &&
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
