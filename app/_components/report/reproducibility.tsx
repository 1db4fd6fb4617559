import type { Report } from "@/lib/reports/assemble";
import { fmtDate } from "@/lib/reports/numbers";
import { Section, Table, Td } from "./ui";

function value(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v))
    return v.length ? v.map((x) => (Array.isArray(x) ? x.join(" × ") : String(x))).join(", ") : "none";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Everything needed to reproduce the numbers: settings, seeds, engine, versions, inputs. */
export function ReproducibilitySection({ report }: { report: Report }) {
  const s = report.audit.settings as unknown as Record<string, unknown>;
  const rows: [string, string][] = [
    ["Audit id", report.audit.id],
    ["Created", fmtDate(report.audit.createdAt)],
    ["Finished", fmtDate(report.audit.finishedAt) || "—"],
    [
      "Model",
      report.model
        ? `${report.model.name} (${report.model.slug}, ${report.model.format}, ${report.model.parameterCount.toLocaleString("en")} parameters)`
        : "—",
    ],
    ["Model provenance", report.model?.provenance || "—"],
    [
      "Source dataset",
      report.source
        ? `${report.source.name} · ${report.source.sampleCount.toLocaleString("en")} samples · ${report.source.provenance || "no provenance"} · licence ${report.source.license || "unknown"}`
        : "—",
    ],
    [
      "Target dataset",
      report.target
        ? `${report.target.name} · ${report.target.sampleCount.toLocaleString("en")} samples · ${report.target.provenance || "no provenance"} · licence ${report.target.license || "unknown"}`
        : "—",
    ],
    ["Layers", report.audit.layers.join(", ")],
    ...Object.entries(s).map(([k, v]) => [`Setting: ${k}`, value(v)] as [string, string]),
    ...Object.entries(report.audit.runtime).map(([k, v]) => [`Runtime: ${k}`, v] as [string, string]),
    ["Report generated", fmtDate(report.generatedAt)],
    ["Report format", `version ${report.version}`],
  ];
  return (
    <Section
      id="reproduce"
      title="Reproducibility"
      intro="The settings, seeds, engine and versions behind every number above. Re-running with these gives the same numbers; cached embeddings are reused only when the model weights, layer, pooling and preprocessing match."
    >
      <Table caption="Settings and versions" head={["", ""]}>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <Td className="w-56 whitespace-nowrap text-xs text-muted">{k}</Td>
            <Td className="break-all font-mono text-xs">{v}</Td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
