/**
 * Options and results shared by the importers (images, tabular, embeddings).
 */
import type { AttributeColumn, SkippedSample } from "@/db/schema";
import type { ImportLimits } from "./limits";

export type { AttributeColumn, SkippedSample };

/** What every importer returns. */
export interface ImportResult {
  datasetId: string;
  /** false: the same content with the same column roles was imported before; nothing was written. */
  created: boolean;
  sampleCount: number;
  skipped: SkippedSample[];
  contentHash: string;
}

export interface ImportProgress {
  /** `hash`: reading everything once to recognise a re-import; `store`: validating and writing. */
  phase: "hash" | "store";
  done: number;
  total: number;
}

/** Descriptive fields of the dataset row, common to all importers. */
export interface DatasetMeta {
  name: string;
  description?: string;
  provenance?: string;
  license?: string;
  cardId?: string | null;
  isDemo?: boolean;
  createdBy?: string | null;
  limits?: Partial<ImportLimits>;
  onProgress?: (p: ImportProgress) => void;
}
