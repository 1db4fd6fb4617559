import { describe, expect, it } from "vitest";
import type { AuditBundle } from "@/db/queries/audits";
import { DEFAULT_SETTINGS } from "@/db/queries/audits";
import { type Report, reportFromBundle } from "./assemble";
import { reportToMarkdown } from "./markdown";
import { reportWarnings } from "./test-bias-warnings";

const at = new Date("2026-01-01T00:00:00Z");

/** A finished audit of the identity `features` model (no verdict) with the fixture's bias warnings. */
function bundle(): AuditBundle {
  const dataset = (id: string, name: string) => ({
    id,
    name,
    kind: "text",
    sampleCount: 720,
    provenance: "test",
    license: "public domain",
    labelColumn: "topic",
    attributeColumns: [{ name: "party", protected: true }],
  });
  const warnings = reportWarnings().map(({ reviewState, ...w }) => ({
    ...w,
    auditId: "a",
    category: "bias" as const,
    reviewState: reviewState as "open",
  }));
  return {
    audit: {
      id: "00000000-0000-4000-8000-000000000001",
      name: "SOTU eras",
      modelId: "m",
      sourceDatasetId: "s",
      targetDatasetId: "t",
      layers: ["embedding", "hidden"],
      settings: DEFAULT_SETTINGS,
      status: "done",
      stage: null,
      error: null,
      reviewStatus: "draft",
      verdict: null,
      highestSeverity: "high",
      runtime: {},
      isDemo: true,
      createdBy: null,
      createdAt: at,
      updatedAt: at,
      finishedAt: at,
    },
    model: {
      id: "m",
      slug: "features",
      name: "features",
      format: "identity",
      provenance: "",
      sourceDataset: { name: "none", description: "" },
      parameterCount: 0,
      hasHead: false,
    },
    source: dataset("s", "sotu-1790-1899"),
    target: dataset("t", "sotu-1990-2021"),
    metrics: [],
    findings: [
      { id: 1, auditId: "a", kind: "leakage", attribute: "party", layer: null, inferredBy: null, result: {} },
    ],
    warnings,
    recommendation: null,
    verification: [],
    artifacts: [],
    events: [],
  } as unknown as AuditBundle;
}

describe("reportFromBundle", () => {
  const report: Report = reportFromBundle(bundle());

  it("keeps every warning with its code and groups the bias ones without losing any", () => {
    expect(report.warnings).toHaveLength(reportWarnings().length);
    expect(report.warnings.every((w) => w.code.length > 0)).toBe(true);
    const grouped = report.warningGroups.flatMap((g) => g.warningIds).sort((a, b) => a - b);
    expect(grouped).toEqual(report.warnings.map((w) => w.id).sort((a, b) => a - b));
    // The JSON export is this object: the groups refer to warnings, every number stays in `warnings`.
    const json = JSON.parse(JSON.stringify(report)) as Report;
    expect(json.warnings.map((w) => w.evidence?.value)).toEqual(
      report.warnings.map((w) => w.evidence?.value),
    );
  });

  it("Markdown: one entry per group with its members listed, and why there is no verdict", () => {
    const md = reportToMarkdown(report);
    expect(md).toContain("No verdict, by design: this audit uses the features as given");
    const cooc = report.warningGroups.find((g) => g.kind === "co-occurrence")!;
    expect(md).toContain(`${cooc.title} (`);
    // Every member of the group appears on its own indented line.
    const members = md.split("\n").filter((l) => l.startsWith("  - ") && l.includes("within label"));
    expect(members).toHaveLength(cooc.size);
  });
});
