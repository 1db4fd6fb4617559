/**
 * Dataset cards: what is documented about the skews of well-known source (pretraining) datasets,
 * for when the source data itself is not at hand. Cards are data — one JSON file per dataset in
 * `lib/bias/cards/` — validated here, so a new card needs no code. A card states only documented,
 * cited facts; anything not documented is listed under `notDocumented` rather than guessed.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const referenceSchema = z.object({
  id: z.string().min(1),
  citation: z.string().min(1),
  url: z.string().url().optional(),
});

const factSchema = z.object({
  fact: z.string().min(1),
  references: z.array(z.string().min(1)).min(1),
});

const skewSchema = z.object({
  /** The attribute or axis the skew is about ("gender", "geography", "label vocabulary", ...). */
  attribute: z.string().min(1),
  /** Plain-language statement of the documented skew. */
  finding: z.string().min(1),
  /** Whether the skew concerns people (their representation or how they are labelled). */
  concernsPeople: z.boolean(),
  /** How the attribute was obtained in the cited work when it was perceived or inferred, not self-reported. */
  attributeSource: z.string().optional(),
  references: z.array(z.string().min(1)).min(1),
});

export const datasetCardSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, "lower-case letters, digits and dashes"),
    name: z.string().min(1),
    synthetic: z.boolean(),
    summary: z.string().min(1),
    composition: z.array(factSchema),
    skews: z.array(skewSchema),
    notDocumented: z.array(z.string().min(1)),
    references: z.array(referenceSchema).min(1),
  })
  .superRefine((card, ctx) => {
    const ids = new Set(card.references.map((r) => r.id));
    const cited = [...card.composition, ...card.skews].flatMap((f) => f.references);
    for (const ref of cited) {
      if (!ids.has(ref)) ctx.addIssue({ code: "custom", message: `cites unknown reference "${ref}"` });
    }
  });

export type DatasetCard = z.infer<typeof datasetCardSchema>;

/** The folder holding the card files: next to this module, or under the working directory. */
export function defaultCardsDir(): string {
  try {
    const here = path.join(path.dirname(fileURLToPath(import.meta.url)), "cards");
    if (existsSync(here)) return here;
  } catch {
    // import.meta.url is not a file URL inside some bundles; fall through.
  }
  return path.join(process.cwd(), "lib", "bias", "cards");
}

export function listDatasetCards(dir: string = defaultCardsDir()): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

export function loadDatasetCard(id: string, dir: string = defaultCardsDir()): DatasetCard {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`loadDatasetCard id: "${id}" is not a card id (a-z, 0-9, -)`);
  const file = path.join(dir, `${id}.json`);
  if (!existsSync(file)) {
    throw new Error(`loadDatasetCard id: no card "${id}" (available: ${listDatasetCards(dir).join(", ")})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`loadDatasetCard: ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = datasetCardSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(card)"}: ${i.message}`).join("; ");
    throw new Error(`loadDatasetCard: ${file} is not a valid card: ${issues}`);
  }
  if (parsed.data.id !== id)
    throw new Error(`loadDatasetCard: ${file} declares id "${parsed.data.id}", expected "${id}"`);
  return parsed.data;
}
