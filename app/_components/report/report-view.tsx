import Link from "next/link";
import type { ReactNode } from "react";
import type { Report, ReportWarning } from "@/lib/reports/assemble";
import { fmtDate, humanize } from "@/lib/reports/numbers";
import { biasView } from "@/lib/reports/views";
import { DatasetCardSection } from "./dataset-card";
import { DistributionsSection } from "./distributions";
import { FarthestSection } from "./farthest";
import { GlossarySection } from "./glossary-list";
import { GroupPerformanceSection } from "./group-performance";
import { HeatmapSection } from "./heatmap";
import { InputMappingSection } from "./input-mapping";
import { LayerMetricsSection } from "./layer-metrics";
import { LeakageSection } from "./leakage";
import { MapSection } from "./map";
import { RecommendationCard } from "./recommendation";
import { ReproducibilitySection } from "./reproducibility";
import { Section } from "./ui";
import { VerificationSection } from "./verification";
import { BiasWarningGroups } from "./warning-groups";
import { WarningList } from "./warnings";

export interface ReportViewProps {
  report: Report;
  /** "share": read-only, no link leads anywhere but within the page. */
  mode: "dashboard" | "share";
  thumbnail: (sampleId: number) => string;
  warningActions?: (w: ReportWarning) => ReactNode;
  /** Panels shown under the recommendation (dashboard: review, sharing, exports). */
  panels?: ReactNode;
  /** Rendering for print / PDF: every disclosure open. */
  print?: boolean;
}

const TOC: [string, string][] = [
  ["recommendation", "Recommendation"],
  ["layers", "Per layer"],
  ["bias-warnings", "Bias warnings"],
  ["distributions", "Distributions"],
  ["heatmap", "Labels × attributes"],
  ["leakage", "Leakage"],
  ["groups", "Per group"],
  ["verification", "Verification"],
  ["map", "Map"],
  ["farthest", "Farthest samples"],
  ["input-mapping", "Input mapping"],
  ["card", "Training data"],
  ["reproduce", "Reproducibility"],
];

function Named({ href, name, mode }: { href: string; name: string; mode: "dashboard" | "share" }) {
  return mode === "dashboard" ? (
    <Link className="font-medium text-accent hover:underline" href={href}>
      {name}
    </Link>
  ) : (
    <span className="font-medium">{name}</span>
  );
}

/** The whole report, shared by the audit page, the share page and the PDF. */
export function ReportView({
  report,
  mode,
  thumbnail,
  warningActions,
  panels,
  print = false,
}: ReportViewProps) {
  const bias = biasView(report);
  const sourceName = report.source?.name ?? "source";
  const targetName = report.target?.name ?? "target";
  const otherWarnings = report.warnings.filter(
    (w) => w.category !== "bias" && w.category !== "input_mapping",
  );
  return (
    <article className="space-y-6" aria-labelledby="report-title">
      <header>
        <p className="text-xs font-semibold uppercase tracking-wide text-muted">Transfer audit report</p>
        <h1 id="report-title" className="text-2xl font-bold">
          {report.audit.name}
        </h1>
        <p className="mt-1 text-sm text-muted">
          Model{" "}
          {report.model ? (
            <Named mode={mode} href={`/models/${report.model.id}`} name={report.model.name} />
          ) : (
            "—"
          )}{" "}
          {report.model && report.model.format !== "identity"
            ? `(learned from ${report.model.sourceDataset.name || "an undocumented dataset"}) `
            : ""}
          · source{" "}
          {report.source ? (
            <Named mode={mode} href={`/datasets/${report.source.id}`} name={sourceName} />
          ) : (
            "—"
          )}{" "}
          ({report.source?.sampleCount.toLocaleString("en")} samples) · target{" "}
          {report.target ? (
            <Named mode={mode} href={`/datasets/${report.target.id}`} name={targetName} />
          ) : (
            "—"
          )}{" "}
          ({report.target?.sampleCount.toLocaleString("en")} samples)
        </p>
        <p className="mt-1 text-xs text-muted">
          Review status: <b data-testid="review-status">{humanize(report.audit.reviewStatus)}</b> · finished{" "}
          {fmtDate(report.audit.finishedAt) || "—"}
        </p>
      </header>
      <nav aria-label="Report sections" className="no-print flex flex-wrap gap-x-3 gap-y-1 text-xs">
        {TOC.map(([id, label]) => (
          <a key={id} href={`#${id}`} className="text-accent hover:underline">
            {label}
          </a>
        ))}
      </nav>
      <RecommendationCard report={report} />
      {panels}
      {otherWarnings.length > 0 && (
        <Section id="other-warnings" title="Warnings about the measurements">
          <WarningList warnings={otherWarnings} actions={warningActions} foldInfo print={print} />
        </Section>
      )}
      <LayerMetricsSection report={report} />
      <Section
        id="bias-warnings"
        title="Bias warnings"
        intro="What the bias analyses found, most severe first: one entry per attribute, dataset and kind of finding, with its worst cells; open an entry for every cell with its number, interval, counts, what to do and its review. Statements about groups of people rest on the counts shown; small groups are not judged."
      >
        <BiasWarningGroups report={report} actions={warningActions} print={print} />
      </Section>
      <DistributionsSection results={bias.representation} sourceName={sourceName} targetName={targetName} />
      <HeatmapSection results={bias.labelAttribute} />
      <LeakageSection results={bias.leakage} />
      <GroupPerformanceSection results={bias.groupPerformance} />
      <VerificationSection report={report} />
      <MapSection report={report} />
      <FarthestSection report={report} thumbnail={thumbnail} />
      <InputMappingSection report={report} />
      <DatasetCardSection cards={bias.cards} sourceName={report.model?.sourceDataset.name ?? sourceName} />
      <ReproducibilitySection report={report} />
      <GlossarySection />
    </article>
  );
}
