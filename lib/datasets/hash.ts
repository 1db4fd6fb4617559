/**
 * Content hashes. A sample's hash is sha256 of its stored content (image bytes, float32 features),
 * the cache key of its embedding. A dataset's hash covers what a person would call "the same
 * dataset": every sample's id, source content, label and attributes (order-free: sorted by id)
 * and the column roles (which column is the label, which are features, which attributes are
 * protected). Importing the same files with the same roles again gives the same hash and is
 * recognised; changing a label or marking another attribute protected is a different dataset.
 */
import { createHash } from "node:crypto";
import type { AttributeColumn, DatasetKind } from "@/db/schema";

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface HashedRecord {
  externalId: string;
  /** sha256 of the sample's source content (file bytes; for packed pixels the pixels and shape). */
  sourceHash: string;
  label: string | null;
  attributes: Record<string, string | null>;
}

export interface DatasetRoles {
  kind: DatasetKind;
  label: string | null;
  features: readonly string[];
  attributes: readonly AttributeColumn[];
}

/** Hash format version: bump when the canonical form below changes (old hashes stop matching). */
const VERSION = 1;

export function datasetContentHash(roles: DatasetRoles, records: readonly HashedRecord[]): string {
  const h = createHash("sha256");
  const attrs = [...roles.attributes]
    .map((a) => ({ name: a.name, protected: a.protected, inferredBy: a.inferredBy ?? null }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  h.update(
    `${JSON.stringify({ v: VERSION, kind: roles.kind, label: roles.label, features: roles.features, attrs })}\n`,
  );
  const sorted = [...records].sort((a, b) =>
    a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0,
  );
  for (const r of sorted) {
    const a = Object.keys(r.attributes)
      .sort()
      .map((k) => [k, r.attributes[k] ?? null]);
    h.update(`${JSON.stringify([r.externalId, r.sourceHash, r.label, a])}\n`);
  }
  return h.digest("hex");
}
