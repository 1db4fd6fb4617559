/**
 * A report as Markdown: for the CLI (`audit --format md`) and for pasting into a review. Every
 * number is taken from the assembled report with its interval and sample size.
 */

import { escapeHtml } from "@/lib/security/html";
import type { Report, ReportWarning } from "./assemble";
import { fmt, pValue, withInterval } from "./format";
import { noVerdictReason } from "./verdict-reason";

const VERDICT: Record<string, string> = {
  transfer: "Transfer: freeze the extractor, train a new head",
  fine_tune: "Transfer, then fine-tune",
  from_scratch: "Train from scratch",
  small_different: "Small target, different task: earlier layer, strong regularisation, collect more data",
};

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

export function reportToMarkdown(r: Report): string {
  const out: string[] = [];
  // Names come from users: Markdown renderers pass inline HTML through, so escape them.
  const name = (x: string | null | undefined) => escapeHtml(x ?? "?");
  out.push(`# ${name(r.audit.name)}`);
  out.push(
    `Model: **${name(r.model?.name)}** (learned from ${name(r.model?.sourceDataset.name)}) · source: **${name(r.source?.name)}** (${r.source?.sampleCount} samples) · target: **${name(r.target?.name)}** (${r.target?.sampleCount} samples) · status: ${r.audit.status}`,
  );
  if (r.audit.error) out.push(`> Failed: ${r.audit.error}`);
  out.push("## Recommendation");
  if (r.recommendation) {
    const rec = r.recommendation;
    out.push(
      `**${VERDICT[rec.verdict] ?? rec.verdict}** at layer \`${rec.splitLayer}\` — confidence ${rec.confidenceLabel} (${fmt(rec.confidence, 2)}).`,
    );
    for (const reason of rec.reasons) out.push(`- ${reason.text}`);
  } else {
    const why = noVerdictReason({
      status: r.audit.status,
      verdict: null,
      error: r.audit.error,
      modelFormat: r.model?.format ?? null,
      targetLabelled: r.target ? r.target.labelColumn !== null : null,
    });
    out.push(why?.long ?? "No transfer recommendation.");
  }
  out.push("## Warnings");
  if (r.warnings.length === 0) out.push("None.");
  const evidence = (w: ReportWarning) =>
    w.evidence
      ? ` [${w.evidence.metric}: ${withInterval(w.evidence.value, w.evidence.low, w.evidence.high)}]`
      : "";
  const line = (w: ReportWarning) =>
    `- **${w.severity.toUpperCase()}** ${w.title}: ${w.message}${evidence(w)}${w.mitigation ? ` — *${w.mitigation}*` : ""}`;
  for (const w of r.warnings.filter((x) => x.category !== "bias")) out.push(line(w));
  // Bias warnings per attribute, dataset and kind (warning-groups.ts): every member listed under its group.
  const byId = new Map(r.warnings.map((w) => [w.id, w]));
  for (const g of r.warningGroups) {
    const members = g.warningIds.map((id) => byId.get(id)).filter((w): w is ReportWarning => !!w);
    if (members.length === 1) {
      out.push(line(members[0]!));
      continue;
    }
    const worst = g.worst.map((c) => `${c.title} (${withInterval(c.value, c.low, c.high)})`).join("; ");
    out.push(
      [
        `- **${g.severity.toUpperCase()}** ${g.title} (${g.severityCounts.high} high, ${g.severityCounts.medium} medium, ${g.severityCounts.info} info). Worst: ${worst}.`,
        ...members.map((w) => `  - ${w.severity} · ${w.title}${evidence(w)}`),
      ].join("\n"),
    );
  }
  out.push("## Per layer");
  out.push(
    table(
      [
        "layer",
        "linear probe (pretrained)",
        "linear probe (random init)",
        "kNN (pretrained)",
        "LogME",
        "MMD²",
        "PAD",
      ],
      r.layers.map((l) => {
        const lp = l.pretrained.linearProbeAccuracy;
        const rp = l.random.linearProbeAccuracy;
        const knn = l.pretrained.knnAccuracy;
        const mmd = l.shift.mmd2;
        const pad = l.shift.pad;
        return [
          l.layer,
          withInterval(lp?.value, lp?.low, lp?.high),
          withInterval(rp?.value, rp?.low, rp?.high),
          withInterval(knn?.value, knn?.low, knn?.high),
          withInterval(l.pretrained.logme?.value, l.pretrained.logme?.low, l.pretrained.logme?.high),
          mmd
            ? `${fmt(mmd.value, 4)} (${pValue(mmd.pValue)}; n=${mmd.sampleSize.source}, m=${mmd.sampleSize.target})`
            : "—",
          withInterval(pad?.value, pad?.low, pad?.high),
        ];
      }),
    ),
  );
  if (r.verification.length) {
    out.push("## Verification (test accuracy)");
    out.push(
      table(
        ["strategy", "fraction", "train size", "accuracy"],
        r.verification.map((v) => [
          v.strategy,
          `${Math.round(v.fraction * 100)} %`,
          String(v.trainSize),
          withInterval(v.accuracy, v.low, v.high),
        ]),
      ),
    );
  }
  out.push("## Reproducibility");
  out.push(
    `Seed ${r.audit.settings.seed}, ${r.audit.settings.permutations} permutations, ${r.audit.settings.bootstrap} bootstrap replicates, pooling ${r.audit.settings.pooling}, at most ${r.audit.settings.maxSamples} samples per side for shift metrics. Runtime: ${Object.entries(
      r.audit.runtime,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}.`,
  );
  return `${out.join("\n\n")}\n`;
}
