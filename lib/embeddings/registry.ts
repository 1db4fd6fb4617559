/**
 * The model registry: which models exist, how to open each as an embedding engine, and their layers
 * recorded in the database. Bundled models (MobileNetV2 from nsfwjs, the project's own pretrained
 * models under public/models) register themselves on first start; uploaded ones keep their files in
 * the database so a worker on another machine can open them.
 */
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  type Model,
  type ModelPreprocessing,
  modelFiles,
  modelLayers,
  models,
  type NewModel,
} from "@/db/schema";
import { appRoot, dataDir } from "@/lib/env";
import type { EngineChoice, EnginePreference } from "./choice";
import type { EngineSpec } from "./engine/create";
import type { LayerInfo } from "./engine/types";

/** meta.json written by the pretraining scripts in scripts/pretrain. */
interface BundledMeta {
  name: string;
  description: string;
  seed?: number;
  heldOutAccuracy?: number;
  inputShape: number[];
  preprocessing: Record<string, unknown>;
  sourceDataset: { name: string; description: string; link?: string | null; cardId?: string | null };
  layers?: string[];
  suggestedLayers?: string[];
  [key: string]: unknown;
}

export const IDENTITY_SLUG = "features";
/** File name of a registered ONNX model inside its directory. */
export const ONNX_FILE = "model.onnx";

/** Project models shipped in public/models/<slug>/ with model.json, weights and meta.json. */
export function bundledModelDirs(): { slug: string; dir: string; meta: BundledMeta }[] {
  const root = path.join(appRoot(), "public", "models");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter(
      (slug) =>
        fs.existsSync(path.join(root, slug, "meta.json")) &&
        fs.existsSync(path.join(root, slug, "model.json")),
    )
    .sort()
    .map((slug) => ({
      slug,
      dir: path.join(root, slug),
      meta: JSON.parse(fs.readFileSync(path.join(root, slug, "meta.json"), "utf8")) as BundledMeta,
    }));
}

function imagePreprocessing(p: Record<string, unknown>): ModelPreprocessing {
  return { kind: "image", ...(p as Omit<ModelPreprocessing, "kind">) };
}

export async function upsertModel(db: Db, row: NewModel, layers: LayerInfo[]): Promise<Model> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(models).where(eq(models.slug, row.slug));
    if (existing && existing.weightsHash === row.weightsHash) return existing;
    const [saved] = existing
      ? await tx.update(models).set(row).where(eq(models.id, existing.id)).returning()
      : await tx.insert(models).values(row).returning();
    if (!saved) throw new Error(`could not save model ${row.slug}`);
    await tx.delete(modelLayers).where(eq(modelLayers.modelId, saved.id));
    for (let i = 0; i < layers.length; i += 200) {
      await tx.insert(modelLayers).values(
        layers.slice(i, i + 200).map((l) => ({
          modelId: saved.id,
          index: l.index,
          name: l.name,
          className: l.className,
          outputShape: l.outputShape,
          params: l.params,
        })),
      );
    }
    return saved;
  });
}

/**
 * Converts a TF.js model to ONNX at registration (cached on disk, onnx/converted.ts) and says whether it
 * converts, for `meta.onnx`: a model that does not stays on TF.js, with the reason shown. Never throws.
 */
async function onnxConversion(spec: EngineSpec): Promise<{ converts: boolean; reason: string | null }> {
  if (spec.engine !== "tfjs") return { converts: true, reason: null };
  try {
    const { ensureConverted } = await import("./onnx/converted");
    const status = await ensureConverted(spec.source);
    return status.ok ? { converts: true, reason: null } : { converts: false, reason: status.reason };
  } catch (e) {
    return { converts: false, reason: (e as Error).message };
  }
}

/** Opens an engine in this thread just long enough to read its layers and weights hash. */
export async function describeEngine(spec: EngineSpec) {
  const { createEngine } = await import("./engine/create");
  const engine = await createEngine(spec);
  try {
    return {
      layers: engine.listLayers(),
      weightsHash: engine.weightsHash,
      params: engine.params,
      head: engine.head,
      inputShape: [...engine.inputShape],
    };
  } finally {
    await engine.dispose();
  }
}

/**
 * Registers every bundled model (idempotent: unchanged weights are left alone). `only` limits it to
 * some slugs (tests). A bundled model that cannot be opened is reported and skipped, not fatal.
 */
export async function ensureBundledModels(db: Db, opts: { only?: string[] } = {}): Promise<Model[]> {
  const out: Model[] = [];
  const wanted = (slug: string) => !opts.only || opts.only.includes(slug);
  const { MOBILENET_V2 } = await import("./tfjs/mobilenet");
  const mobilenetSpec: EngineSpec = { engine: "tfjs", source: { kind: "mobilenet_v2" } };
  const existing = await db.select().from(models).where(eq(models.slug, "mobilenet_v2"));
  if (!wanted("mobilenet_v2")) {
    // not asked for
  } else if (existing[0]) out.push(existing[0]);
  else {
    const d = await describeEngine(mobilenetSpec);
    out.push(
      await upsertModel(
        db,
        {
          slug: "mobilenet_v2",
          name: MOBILENET_V2.displayName,
          format: "tfjs-layers",
          bundledPath: "nsfwjs",
          inputShape: d.inputShape,
          preprocessing: imagePreprocessing(MOBILENET_V2.preprocessing as unknown as Record<string, unknown>),
          weightsHash: d.weightsHash,
          parameterCount: d.params,
          hasHead: d.head !== null,
          headClasses: MOBILENET_V2.provenance.headLabels,
          sourceDataset: {
            name: "ImageNet (ILSVRC-2012), then a content-moderation set",
            description: MOBILENET_V2.provenance.text,
            link: "https://image-net.org",
            cardId: "imagenet",
          },
          provenance: MOBILENET_V2.provenance.text,
          suggestedLayers: ["block_6_expand_relu", MOBILENET_V2.defaultLayer],
          meta: {
            onnx: await onnxConversion(mobilenetSpec),
            package: MOBILENET_V2.provenance.package,
            license: MOBILENET_V2.provenance.license,
            headLayer: d.head?.layer ?? null,
          },
          isBundled: true,
        },
        d.layers,
      ),
    );
  }
  for (const b of bundledModelDirs()) {
    if (!wanted(b.slug)) continue;
    const spec: EngineSpec = { engine: "tfjs", source: { kind: "dir", dir: b.dir } };
    let d: Awaited<ReturnType<typeof describeEngine>>;
    try {
      d = await describeEngine(spec);
    } catch (e) {
      console.warn(`[models] bundled model ${b.slug} not registered: ${(e as Error).message}`);
      continue;
    }
    const kind = (b.meta.preprocessing.kind as string | undefined) ?? "image";
    out.push(
      await upsertModel(
        db,
        {
          slug: b.slug,
          name: b.meta.name,
          format: "tfjs-layers",
          bundledPath: path.relative(appRoot(), b.dir),
          inputShape: d.inputShape,
          preprocessing: { ...(b.meta.preprocessing as object), kind } as ModelPreprocessing,
          weightsHash: d.weightsHash,
          parameterCount: d.params,
          hasHead: d.head !== null,
          headClasses: null,
          sourceDataset: b.meta.sourceDataset,
          provenance: b.meta.description,
          suggestedLayers: b.meta.suggestedLayers ?? b.meta.layers ?? [],
          meta: {
            ...(b.meta as Record<string, unknown>),
            headLayer: d.head?.layer ?? null,
            onnx: await onnxConversion(spec),
          },
          isBundled: true,
        },
        d.layers,
      ),
    );
  }
  if (wanted(IDENTITY_SLUG)) out.push(await ensureIdentityModel(db));
  return out;
}

/** The built-in "model" for tabular and embedding datasets: the features themselves, one layer. */
export async function ensureIdentityModel(db: Db): Promise<Model> {
  return upsertModel(
    db,
    {
      slug: IDENTITY_SLUG,
      name: "Features as given (tabular / bring-your-own embeddings)",
      format: "identity",
      inputShape: [],
      preprocessing: { kind: "tabular" },
      weightsHash: "identity",
      hasHead: false,
      sourceDataset: {
        name: "none",
        description: "No pretrained model: the dataset's own numeric features.",
      },
      provenance: "No model: shift, transferability and bias are measured on the dataset's numeric features.",
      suggestedLayers: ["features"],
      isBundled: true,
    },
    [{ index: 0, name: "features", className: "Input", outputShape: [null], params: 0 }],
  );
}

/** Where an uploaded model's files are materialised on this machine (by weights hash). */
export function uploadedDir(model: Model): string {
  return path.join(dataDir(), "models", model.weightsHash.slice(0, 32));
}

export async function materialise(db: Db, model: Model): Promise<string> {
  const dir = uploadedDir(model);
  if (fs.existsSync(path.join(dir, ".complete"))) return dir;
  const files = await db.select().from(modelFiles).where(eq(modelFiles.modelId, model.id));
  if (files.length === 0) throw new Error(`model ${model.slug}: no files stored`);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const target = path.join(dir, f.path);
    if (!target.startsWith(dir + path.sep))
      throw new Error(`model ${model.slug}: file path ${f.path} escapes`);
    fs.writeFileSync(target, f.bytes);
  }
  fs.writeFileSync(path.join(dir, ".complete"), "");
  return dir;
}

/**
 * The engine that runs `model` (or its random-init copy) under an audit's or a command's `engine`
 * setting, with the reason (choice.ts): converted TF.js models and native ONNX ones on ONNX Runtime
 * under `auto` when it loads.
 */
export async function engineChoiceFor(
  db: Db,
  model: Model,
  opts: { randomSeed?: number; preference?: EnginePreference } = {},
): Promise<EngineChoice> {
  const { chooseEngine } = await import("./choice");
  return chooseEngine(await engineSpecFor(db, model, opts), opts.preference ?? "auto");
}

/** The engine spec that opens `model` (or its seeded random-init copy) on any machine: its own format's engine. */
export async function engineSpecFor(
  db: Db,
  model: Model,
  opts: { randomSeed?: number } = {},
): Promise<EngineSpec> {
  if (model.format === "identity") throw new Error("the identity model has no engine");
  if (model.format === "onnx") {
    const dir = model.bundledPath ? path.join(appRoot(), model.bundledPath) : await materialise(db, model);
    const file = path.join(dir, ONNX_FILE);
    if (!fs.existsSync(file)) throw new Error(`model ${model.slug}: ${ONNX_FILE} is missing from ${dir}`);
    const layout = (model.meta as { layout?: "nchw" | "nhwc" | null }).layout;
    const base = { kind: "file" as const, path: file, ...(layout ? { layout } : {}) };
    return {
      engine: "onnx",
      source: opts.randomSeed !== undefined ? { kind: "random-init", base, seed: opts.randomSeed } : base,
    };
  }
  let base: { kind: "mobilenet_v2" } | { kind: "dir"; dir: string };
  if (model.bundledPath === "nsfwjs") base = { kind: "mobilenet_v2" };
  else if (model.bundledPath) base = { kind: "dir", dir: path.join(appRoot(), model.bundledPath) };
  else base = { kind: "dir", dir: await materialise(db, model) };
  if (!fs.existsSync(base.kind === "dir" ? path.join(base.dir, "model.json") : appRoot())) {
    throw new Error(`model ${model.slug}: model.json is missing from ${base.kind === "dir" ? base.dir : ""}`);
  }
  const source =
    opts.randomSeed !== undefined ? { kind: "random-init" as const, base, seed: opts.randomSeed } : base;
  return { engine: "tfjs", source };
}

export async function findModel(db: Db, idOrSlug: string): Promise<Model | null> {
  const isUuid = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const [row] = await db
    .select()
    .from(models)
    .where(isUuid ? eq(models.id, idOrSlug) : eq(models.slug, idOrSlug));
  return row ?? null;
}

export async function layerNames(db: Db, modelId: string): Promise<string[]> {
  const rows = await db
    .select({ name: modelLayers.name })
    .from(modelLayers)
    .where(and(eq(modelLayers.modelId, modelId)));
  return rows.map((r) => r.name);
}

export interface RegisterModelInput {
  dir: string;
  name: string;
  slug?: string;
  preprocessing: ModelPreprocessing;
  sourceDataset: { name: string; description: string; link?: string | null; cardId?: string | null };
  provenance?: string;
  createdBy?: string | null;
}

/**
 * Registers a TF.js model directory (model.json + shards). Everything is validated before anything
 * is stored (model.json schema, shard sizes against the manifest, a parameter cap); the files then
 * go into the database in one transaction with the model and its layers, so workers on other
 * machines can open it. A model with the same weights is recognised and returned as it is.
 */
export async function registerModelFromDir(db: Db, input: RegisterModelInput): Promise<Model> {
  const { readModelDir } = await import("./tfjs/load");
  const artifacts = await readModelDir(input.dir); // throws with the file and problem named
  const [same] = await db.select().from(models).where(eq(models.weightsHash, artifacts.weightsHash));
  if (same) return same;
  const spec: EngineSpec = { engine: "tfjs", source: { kind: "dir", dir: input.dir } };
  const d = await describeEngine(spec);
  const onnx = await onnxConversion(spec);
  const files = ["model.json", ...artifacts.json.weightsManifest.flatMap((g) => g.paths)];
  const slug =
    input.slug ??
    `${input.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40)}-${artifacts.weightsHash.slice(0, 8)}`;
  return db.transaction(async (tx) => {
    const saved = await upsertModel(
      tx as unknown as Db,
      {
        slug,
        name: input.name,
        format: artifacts.kind === "graph" ? "tfjs-graph" : "tfjs-layers",
        inputShape: d.inputShape,
        preprocessing: input.preprocessing,
        weightsHash: d.weightsHash,
        parameterCount: d.params,
        hasHead: d.head !== null,
        sourceDataset: input.sourceDataset,
        provenance: input.provenance ?? "",
        meta: { headLayer: d.head?.layer ?? null, onnx },
        isBundled: false,
        createdBy: input.createdBy ?? null,
      },
      d.layers,
    );
    await tx.delete(modelFiles).where(eq(modelFiles.modelId, saved.id));
    for (const f of files) {
      await tx.insert(modelFiles).values({
        modelId: saved.id,
        path: f,
        bytes: new Uint8Array(fs.readFileSync(path.join(input.dir, f))),
      });
    }
    return saved;
  });
}
