/**
 * The demo a new user sees on first start: the bundled models, the demo datasets (built offline
 * from packages, see public/demo/README.md) and a few finished audits, each a case from the lecture:
 * a similar task (digits 0-4 → 5-9), a different task (digits → clothing), an inherited spurious
 * correlation (Colored-MNIST), demographic skew in real survey data (CPS 1985), and a text model
 * read ninety years after its training era (State of the Union: the vocabulary gap).
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Audit, audits } from "@/db/schema";
import { type DemoName, seedDemoDatasets } from "@/lib/datasets/demo";
import { seedTextDemoDatasets, type TextDemoName } from "@/lib/datasets/demo-text";
import { ensureBundledModels, IDENTITY_SLUG } from "@/lib/embeddings/registry";
import { type CreateAuditInput, createAudit } from "./create";

interface DemoAudit {
  name: string;
  model: string;
  source: DemoName | TextDemoName;
  target: DemoName | TextDemoName;
  layers: string[];
  settings: CreateAuditInput["settings"];
}

export const DEMO_AUDITS: DemoAudit[] = [
  {
    name: "Demo: reuse a digits 0-4 CNN for digits 5-9",
    model: "mnist-cnn-0to4",
    source: "mnist-0-4",
    target: "mnist-5-9",
    layers: ["pool1", "pool2", "features"],
    settings: { verify: true },
  },
  {
    name: "Demo: Colored-MNIST — does the model inherit the colour shortcut?",
    model: "colored-mnist-cnn",
    source: "colored-mnist-source",
    target: "colored-mnist-target",
    // pool2 leaks colour even with random weights (colour is in the pixels); features shows what
    // training on the biased source added.
    layers: ["pool2", "features"],
    settings: { protectedAttributes: ["color"] },
  },
  {
    name: "Demo: CPS 1985 wages — occupations by sex and race, South vs elsewhere",
    model: IDENTITY_SLUG,
    source: "cps-1985-other",
    target: "cps-1985-south",
    layers: ["features"],
    settings: {
      protectedAttributes: ["sex", "race"],
      intersections: [["sex", "race"]],
      favourableLabel: "professional",
    },
  },
  {
    name: "Demo: digits CNN for clothing (Fashion-MNIST) — a different task",
    model: "mnist-cnn-0to4",
    source: "mnist-0-4",
    target: "fashion-mnist",
    layers: ["pool1", "pool2", "features"],
    settings: {},
  },
  {
    name: "Demo: State of the Union — 19th-century encoder on 1990–2021 speeches",
    model: "bow-sotu",
    source: "sotu-1790-1899",
    target: "sotu-1990-2021",
    layers: ["hidden", "features"],
    settings: { protectedAttributes: ["party"] },
  },
];

/** Registers models and datasets and creates the demo audits not created yet. Returns the new ones. */
export async function seedDemo(db: Db, log: (m: string) => Promise<void> = async () => {}): Promise<Audit[]> {
  await log("registering the bundled models");
  const models = await ensureBundledModels(db);
  await log(`${models.length} models; importing the demo datasets`);
  const ids = { ...(await seedDemoDatasets(db)), ...(await seedTextDemoDatasets(db)) };
  const created: Audit[] = [];
  for (const d of DEMO_AUDITS) {
    const model = models.find((m) => m.slug === d.model);
    if (!model) {
      await log(`demo audit '${d.name}' skipped: model ${d.model} is not available`);
      continue;
    }
    const [existing] = await db
      .select({ id: audits.id })
      .from(audits)
      .where(and(eq(audits.name, d.name), eq(audits.isDemo, true)));
    if (existing) continue;
    created.push(
      await createAudit(db, {
        name: d.name,
        modelId: model.id,
        sourceDatasetId: ids[d.source],
        targetDatasetId: ids[d.target],
        layers: d.layers,
        settings: d.settings,
        isDemo: true,
      }),
    );
  }
  return created;
}
