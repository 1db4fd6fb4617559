import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { type Database, openDatabase } from "@/db/client";
import { audits, datasets } from "@/db/schema";
import { createAudit } from "@/lib/audits/create";
import { importImages } from "@/lib/datasets/import-images";
import { ensureBundledModels, findModel, registerModelFromDir } from "@/lib/embeddings/registry";
import { JobQueue } from "@/lib/jobs/queue";
import "@/lib/jobs/all";
import { assembleReport } from "@/lib/reports/assemble";
import { reportToMarkdown } from "@/lib/reports/markdown";
import { parseArgs } from "./args";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A dataset id, a folder of images (labels from sub-folders or a manifest.csv inside), or a manifest CSV. */
async function resolveDataset(
  database: Database,
  arg: string,
  role: string,
  attributes: string[],
  protectedAttrs: string[],
): Promise<string> {
  if (UUID.test(arg)) {
    const [d] = await database.db.select({ id: datasets.id }).from(datasets).where(eq(datasets.id, arg));
    if (!d) throw new Error(`--${role} ${arg}: no dataset with that id`);
    return d.id;
  }
  if (!fs.existsSync(arg)) throw new Error(`--${role} ${arg}: not a dataset id, folder or manifest file`);
  const isManifest = fs.statSync(arg).isFile() && arg.toLowerCase().endsWith(".csv");
  const folder = isManifest ? path.dirname(arg) : arg;
  const columns = {
    file: "file",
    label: "label",
    attributes: attributes.map((name) => ({ name, protected: protectedAttrs.includes(name) })),
  };
  const result = await importImages(
    {
      folder,
      name: `${path.basename(path.resolve(arg))} (${role})`,
      ...(isManifest ? { manifestCsv: { path: arg }, columns } : {}),
    },
    database.db,
  );
  for (const s of result.skipped)
    console.error(`  skipped ${s.path ?? s.file ?? ""}${s.row ? ` row ${s.row}` : ""}: ${s.reason}`);
  return result.datasetId;
}

async function resolveModel(database: Database, arg: string) {
  await ensureBundledModels(database.db);
  const known = await findModel(database.db, arg);
  if (known) return known;
  if (arg.toLowerCase().endsWith(".onnx") && fs.existsSync(arg)) {
    // A .onnx file, with `<name>.meta.json` (name, preprocessing, sourceDataset, layout) beside it if any.
    const metaPath = arg.replace(/\.onnx$/i, ".meta.json");
    const meta = fs.existsSync(metaPath) ? JSON.parse(fs.readFileSync(metaPath, "utf8")) : {};
    const { registerOnnxModel } = await import("@/lib/embeddings/register-onnx");
    return registerOnnxModel(database.db, {
      file: arg,
      name: meta.name ?? path.basename(arg, path.extname(arg)),
      ...(meta.preprocessing ? { preprocessing: { kind: "image", ...meta.preprocessing } } : {}),
      ...(meta.layout ? { layout: meta.layout } : {}),
      sourceDataset: meta.sourceDataset ?? {
        name: "unknown",
        description: "not stated when the model was registered",
      },
      provenance: meta.description ?? "",
    });
  }
  if (fs.existsSync(path.join(arg, "model.json"))) {
    const metaPath = path.join(arg, "meta.json");
    const meta = fs.existsSync(metaPath) ? JSON.parse(fs.readFileSync(metaPath, "utf8")) : {};
    return registerModelFromDir(database.db, {
      dir: arg,
      name: meta.name ?? path.basename(path.resolve(arg)),
      preprocessing: { kind: "image", ...(meta.preprocessing ?? {}) },
      sourceDataset: meta.sourceDataset ?? {
        name: "unknown",
        description: "not stated when the model was registered",
      },
    });
  }
  throw new Error(
    `--model ${arg}: not a registered model (id or slug), a directory with model.json, nor a .onnx file`,
  );
}

/**
 * `transfer-audit audit`: the whole audit in this process (embeddings, metrics, bias,
 * recommendation, optional verification), then the report as JSON or Markdown. With
 * `--fail-on high` the exit code is 3 when a high-severity warning appears or the verdict is
 * "train from scratch", so a pipeline can gate model reuse on it.
 */
export async function runAudit(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ["verify"]);
  const format = args.get("format") ?? "json";
  if (format !== "json" && format !== "md") throw new Error(`--format must be json or md, got ${format}`);
  const failOn = args.get("fail-on");
  if (failOn && failOn !== "high" && failOn !== "medium")
    throw new Error(`--fail-on must be high or medium, got ${failOn}`);
  const database = await openDatabase();
  let queue: JobQueue | null = null;
  try {
    const model = await resolveModel(database, args.require("model"));
    const protectedAttrs = args.list("protected");
    const attributes = [...new Set([...args.list("attributes"), ...protectedAttrs])];
    const sourceId = await resolveDataset(
      database,
      args.require("source"),
      "source",
      attributes,
      protectedAttrs,
    );
    const targetId = await resolveDataset(
      database,
      args.require("target"),
      "target",
      attributes,
      protectedAttrs,
    );
    const layers = args.list("layers");
    const { parseEnginePreference } = await import("@/lib/embeddings/choice");
    const engine = parseEnginePreference(args.get("engine"));
    const audit = await createAudit(database.db, {
      name: args.get("name") ?? `CLI audit of ${model.name}`,
      modelId: model.id,
      sourceDatasetId: sourceId,
      targetDatasetId: targetId,
      layers: layers.length ? layers : model.suggestedLayers.slice(-1),
      settings: {
        seed: args.number("seed", 0),
        permutations: args.number("permutations", 1000),
        verify: args.has("verify"),
        protectedAttributes: protectedAttrs,
        favourableLabel: args.get("favourable") ?? null,
        engine,
      },
    });
    console.error(`audit ${audit.id}: running`);
    queue = await JobQueue.start(database, { work: true, pollingIntervalSeconds: 0.5 });
    await queue.enqueue("audit.plan", { auditId: audit.id }, { key: `plan:${audit.id}`, auditId: audit.id });
    let lastStage = "";
    for (;;) {
      const [row] = await database.db.select().from(audits).where(eq(audits.id, audit.id));
      if (!row) throw new Error("the audit vanished");
      if (row.stage && row.stage !== lastStage) {
        console.error(`  stage: ${row.stage}`);
        lastStage = row.stage;
      }
      if (row.status === "done" || row.status === "failed") break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const report = await assembleReport(database.db, audit.id);
    if (!report) throw new Error("the report could not be assembled");
    const text = format === "md" ? reportToMarkdown(report) : JSON.stringify(report, null, 2);
    const out = args.get("out");
    if (out) fs.writeFileSync(out, text);
    else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    if (report.audit.status === "failed") {
      console.error(`audit failed: ${report.audit.error}`);
      return 1;
    }
    if (failOn) {
      const rank = { info: 0, medium: 1, high: 2 } as const;
      const worst = report.warnings.reduce((m, w) => Math.max(m, rank[w.severity]), -1);
      const gate =
        worst >= rank[failOn as "high" | "medium"] || report.recommendation?.verdict === "from_scratch";
      if (gate) {
        console.error(
          `--fail-on ${failOn}: ${report.recommendation?.verdict === "from_scratch" ? "verdict is train from scratch" : `a ${failOn}-severity warning was raised`}`,
        );
        return 3;
      }
    }
    return 0;
  } finally {
    await queue?.stop(10_000);
    const { disposeEngines } = await import("@/lib/embeddings/engines");
    await disposeEngines();
    await database.close();
  }
}
