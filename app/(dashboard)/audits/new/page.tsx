import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { DEFAULT_SETTINGS } from "@/db/queries/audits";
import { listDatasets } from "@/db/queries/datasets";
import { listModels, modelLayersOf } from "@/db/queries/models";
import { labelsByDataset } from "@/db/queries/reports";
import { requireUser } from "@/lib/auth/guard";
import { type FormDataset, type FormModel, NewAuditForm } from "./new-audit-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New audit" };

export default async function NewAuditPage({ searchParams }: { searchParams: Promise<{ model?: string }> }) {
  await requireUser("editor");
  const db = await getDb();
  const [models, datasets, labels] = await Promise.all([
    listModels(db),
    listDatasets(db),
    labelsByDataset(db),
  ]);
  const withLayers: FormModel[] = await Promise.all(
    models.map(async (m) => ({
      id: m.id,
      name: m.name,
      slug: m.slug,
      format: m.format,
      inputKind: m.format === "identity" ? "features" : m.preprocessing.kind,
      sourceDataset: m.sourceDataset.name,
      suggested: m.suggestedLayers,
      layers: (await modelLayersOf(db, m.id)).map((l) => ({
        name: l.name,
        className: l.className,
        shape: l.outputShape.map((d) => d ?? "?").join("×"),
      })),
    })),
  );
  const formDatasets: FormDataset[] = datasets.map((d) => ({
    id: d.id,
    name: d.name,
    kind: d.kind,
    sampleCount: d.sampleCount,
    hasLabels: d.labelColumn !== null,
    attributes: d.attributeColumns.map((a) => ({
      name: a.name,
      protected: a.protected,
      inferredBy: a.inferredBy ?? null,
    })),
    labels: labels.get(d.id) ?? [],
  }));
  const { model } = await searchParams;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-bold">New audit</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted">
          An audit embeds both datasets with the model (and with a randomly initialised copy of it, the honest
          baseline), measures how far apart they are and how well the features predict your labels at each
          layer, looks for demographic skew and inherited bias, and recommends transfer, fine-tuning or
          training from scratch.
        </p>
      </header>
      {withLayers.length === 0 || formDatasets.length < 2 ? (
        <p className="rounded border border-amber-200 bg-amber-50 p-4 text-sm">
          An audit needs a model and two datasets. The demo models and datasets are prepared on first start;
          import your own with <code>npx transfer-audit import</code>.
        </p>
      ) : (
        <NewAuditForm
          models={withLayers}
          datasets={formDatasets}
          initialModelId={model}
          defaults={{
            seed: DEFAULT_SETTINGS.seed,
            permutations: DEFAULT_SETTINGS.permutations,
            bootstrap: DEFAULT_SETTINGS.bootstrap,
            maxSamples: DEFAULT_SETTINGS.maxSamples,
            minGroupSize: DEFAULT_SETTINGS.minGroupSize,
          }}
        />
      )}
    </div>
  );
}
