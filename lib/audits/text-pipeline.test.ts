/**
 * A text audit end to end through the real queue and the bundled bag-of-words encoder `bow-sotu`
 * (pretrained on State of the Union passages of 1790-1899), set up as the demo audit is: source =
 * 19th-century passages, target = 1990-2021 passages, layers hidden and features, party protected.
 * Every 4th passage of the demo CSVs (250 a side, still spread over each era) keeps it near a
 * minute. Checks: the audit finishes with transferability metrics equal to a recomputation from a
 * direct model.predict, a party bias finding, and an input-mapping warning that the recent era
 * loses more of its words to the encoder's vocabulary than the source does.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "@/db/queries/audits";
import {
  auditArtifacts,
  audits,
  biasFindings,
  embeddingShards,
  jobLogs,
  metricResults,
  warnings,
} from "@/db/schema";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { TEXT_DEMO_COLUMNS } from "@/lib/datasets/demo-text";
import { importText } from "@/lib/datasets/import-text";
import { ensureBundledModels } from "@/lib/embeddings/registry";
import { initTf } from "@/lib/embeddings/tfjs/backend";
import { loadModelDir } from "@/lib/embeddings/tfjs/load";
import { JobQueue } from "@/lib/jobs/queue";
import "@/lib/jobs/all";
import { computeTransferability } from "@/lib/metrics/transferability";
import { encodeBow } from "@/lib/text/bow";
import { vocabularyCoverage } from "@/lib/text/coverage";
import { parseTextCsv, type TextCsvRow } from "@/lib/text/csv";
import { readVocabularyFile } from "@/lib/text/vocabulary";
import { createAudit } from "./create";
import { DEMO_AUDITS } from "./demo";
import type { VocabularyCoverageArtifact } from "./stages/text-coverage";

const MODEL_DIR = path.resolve("public/models/bow-sotu");
const STRIDE = 4;

function demoRows(file: string): TextCsvRow[] {
  const all = parseTextCsv(readFileSync(path.resolve("public/demo/sotu", file)), { file }).rows;
  return all.filter((_, i) => i % STRIDE === 0);
}

function toCsv(rows: TextCsvRow[]): string {
  const q = (v: string | null) => `"${(v ?? "").replace(/"/g, '""')}"`;
  return [
    "id,text,party,year,label",
    ...rows.map((r) => [r.id, r.text, r.attributes.party!, r.attributes.year!, r.label!].map(q).join(",")),
  ].join("\n");
}

async function waitForAudit(database: TestDatabase, id: string, timeoutMs = 300_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [a] = await database.db.select().from(audits).where(eq(audits.id, id));
    if (a && (a.status === "done" || a.status === "failed")) return a;
    if (Date.now() > until) throw new Error(`audit still ${a?.status}/${a?.stage} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

// One driver: the database code a text audit adds over the tabular pipeline test is the text
// importer, run on every driver by its own tests.
const driver = testDrivers()[0]!;

describe(`text audit pipeline on ${driver.name}`, () => {
  let database: TestDatabase;
  let queue: JobQueue;
  beforeAll(async () => {
    database = await driver.open();
    queue = await JobQueue.start(database, { work: true, pollingIntervalSeconds: 0.5 });
  });
  afterAll(async () => {
    await queue?.stop(5000);
    const { disposeEngines } = await import("@/lib/embeddings/engines");
    await disposeEngines();
    await database?.destroy();
  });

  it("embeds texts, measures, finds party bias and warns about the vocabulary gap", async () => {
    const db = database.db;
    const [model] = await ensureBundledModels(db, { only: ["bow-sotu"] });
    expect(model?.slug).toBe("bow-sotu");
    expect(model?.inputShape).toEqual([2000]);
    expect(model?.preprocessing.kind).toBe("bow");

    const sourceRows = demoRows("source.csv");
    const targetRows = demoRows("target.csv");
    expect([sourceRows.length, targetRows.length]).toEqual([250, 250]);
    const src = await importText(
      {
        csvText: toCsv(sourceRows),
        csvName: "source.csv",
        name: "SOTU 1790-1899",
        columns: TEXT_DEMO_COLUMNS,
      },
      db,
    );
    const tgt = await importText(
      {
        csvText: toCsv(targetRows),
        csvName: "target.csv",
        name: "SOTU 1990-2021",
        columns: TEXT_DEMO_COLUMNS,
      },
      db,
    );
    const demo = DEMO_AUDITS.find((d) => d.model === "bow-sotu")!;
    // bootstrap 100: the bias stage's leakage interval needs at least 100 resamples.
    const settings = { ...demo.settings, permutations: 200, bootstrap: 100, shardSize: 128 };
    const audit = await createAudit(db, {
      name: demo.name,
      modelId: model!.id,
      sourceDatasetId: src.datasetId,
      targetDatasetId: tgt.datasetId,
      layers: demo.layers,
      settings,
    });
    const t0 = Date.now();
    await queue.enqueue("audit.plan", { auditId: audit.id }, { key: `plan:${audit.id}`, auditId: audit.id });
    const done = await waitForAudit(database, audit.id);
    console.log(`text audit finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const l of await db.select().from(jobLogs).where(eq(jobLogs.auditId, audit.id))) {
      if (l.level !== "info" || /measured|shard|report|bias/.test(l.message)) console.log(l.level, l.message);
    }
    expect(done.error).toBeNull();
    expect(done.status).toBe("done");
    // Engine "auto" (the default setting): the model converts to ONNX, so ONNX Runtime embedded it.
    expect(done.runtime.engine).toBe("onnx");
    expect(done.runtime.backend).toBe("cpu-ort");

    // 250 texts a side in shards of 128 = 2 shards; pretrained hidden, features and the softmax head
    // (for BBSD / LEEP), random-init hidden and features: (3 + 2) layers x 2 shards x 2 sides.
    expect((await db.select({ id: embeddingShards.id }).from(embeddingShards)).length).toBe(5 * 2 * 2);

    // Transferability: the stored linear-probe accuracy at `features` is what the metric function
    // gives on features computed independently, by a direct predict of the model on the encoded texts.
    const metrics = await db.select().from(metricResults).where(eq(metricResults.auditId, audit.id));
    const lp = (layer: string, features: string) =>
      metrics.find((m) => m.layer === layer && m.features === features && m.metric === "linearProbeAccuracy");
    for (const layer of demo.layers) {
      expect(lp(layer, "pretrained"), layer).toBeDefined();
      expect(lp(layer, "random"), layer).toBeDefined();
    }
    expect(metrics.some((m) => m.metric === "bbsd")).toBe(true);
    expect(metrics.some((m) => m.metric === "leep")).toBe(true);
    await initTf("wasm");
    const vocab = readVocabularyFile(path.join(MODEL_DIR, "vocab.json"), "bow-sotu");
    const x = encodeBow(
      targetRows.map((r) => r.text),
      vocab.tokens,
      "log1p-l2",
    );
    const ref = await loadModelDir(MODEL_DIR);
    const m = ref.model as tf.LayersModel;
    const sub = tf.model({ inputs: m.inputs, outputs: m.getLayer("features").output as tf.SymbolicTensor });
    const feats = tf.tidy(
      () => (sub.predict(tf.tensor2d(x, [targetRows.length, 2000])) as tf.Tensor).dataSync() as Float32Array,
    );
    m.dispose();
    const classes = [...new Set(targetRows.map((r) => r.label!))].sort();
    const y = Int32Array.from(targetRows, (r) => classes.indexOf(r.label!));
    const again = await computeTransferability({ rows: targetRows.length, cols: 32, data: feats }, y, {
      seed: DEFAULT_SETTINGS.seed,
      bootstrap: 100,
      maxSamples: Math.max(DEFAULT_SETTINGS.maxSamples, 4000),
    });
    expect(lp("features", "pretrained")!.value).toBeCloseTo(again.linearProbeAccuracy.value, 6);
    // Above always guessing the most frequent decade of the target.
    const majority = Math.max(...classes.map((c) => targetRows.filter((r) => r.label === c).length)) / 250;
    console.log("features linear probe", lp("features", "pretrained")!.value, "majority", majority);
    expect(lp("features", "pretrained")!.value!).toBeGreaterThan(majority);

    // Bias: party representation (source parties vs target parties) and leakage from the features.
    const findings = await db.select().from(biasFindings).where(eq(biasFindings.auditId, audit.id));
    const kinds = new Set(findings.map((f) => `${f.kind}:${f.attribute}`));
    expect(kinds.has("representation:party")).toBe(true);
    expect(kinds.has("leakage:party")).toBe(true);

    // Input mapping: coverage of each corpus, equal to vocabularyCoverage on the same texts.
    const [art] = await db
      .select()
      .from(auditArtifacts)
      .where(and(eq(auditArtifacts.auditId, audit.id), eq(auditArtifacts.kind, "vocabulary_coverage")));
    const cov = art!.data as VocabularyCoverageArtifact;
    const refTarget = vocabularyCoverage(
      targetRows.map((r) => r.text),
      vocab,
    );
    const refSource = vocabularyCoverage(
      sourceRows.map((r) => r.text),
      vocab,
    );
    expect(cov.target.oovTokenRate).toBe(refTarget.oovTokenRate);
    expect(cov.source.oovTokenRate).toBe(refSource.oovTokenRate);
    expect([cov.source.sampledTexts, cov.target.sampledTexts]).toEqual([250, 250]);
    console.log("OOV token rate: source", cov.source.oovTokenRate, "target", cov.target.oovTokenRate);
    // The demo README measures about an eighth (19th century) against a quarter (1990-2021).
    expect(cov.target.oovTokenRate).toBeGreaterThan(1.5 * cov.source.oovTokenRate);
    const warns = await db.select().from(warnings).where(eq(warnings.auditId, audit.id));
    const gap = warns.find((w) => w.category === "input_mapping" && w.code === "vocabulary:oov_gap");
    expect(gap, "an OOV-gap warning").toBeDefined();
    expect(gap!.evidence?.value).toBeCloseTo(cov.target.oovTokenRate - cov.source.oovTokenRate, 12);
    expect(gap!.message).toContain('"americans"');
  }, 600_000);
});
