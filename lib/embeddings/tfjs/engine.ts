/**
 * The TF.js implementation of `EmbeddingEngine`: opens a model source (bundled MobileNetV2, a model
 * directory, or a seeded random-init copy of either) on the chosen backend and extracts layers.
 * Runs in the calling thread; `lib/embeddings/engine/pool.ts` spreads it over worker threads.
 */
import * as tf from "@tensorflow/tfjs";
import { checkBatch, checkLayerNames, checkPooling } from "../engine/batch";
import type { ClassificationHead, EmbeddingEngine, LayerInfo, LayerOutput, Pooling } from "../engine/types";
import { type BackendName, type BackendPreference, initTf } from "./backend";
import { detectHead, LayerExtractor, listLayers, modelInputShape } from "./extract";
import type { PlanSummary } from "./fast-plan";
import { type LoadedModel, loadArtifacts, readModelDir } from "./load";
import { readMobileNetV2Artifacts } from "./mobilenet";
import { randomInitModel } from "./random-init";
import { type PretrainedSource, type TfjsModelSource, tfjsModelSourceSchema } from "./source";

export interface TfjsEngineOptions {
  /** Backend to prefer (falls back to the next available); default: the fastest available. */
  backend?: BackendPreference;
  /**
   * Per-sample shape ([h, w, c] for images, [d] for vectors) for models whose input size is free (null
   * dimensions); must have the model's rank and match its fixed dimensions.
   */
  inputShape?: readonly number[];
  /**
   * Samples per forward pass (default: DEFAULT_MICRO_BATCH images, DEFAULT_VECTOR_MICRO_BATCH
   * vectors): bounds memory, not results.
   */
  microBatch?: number;
  /**
   * Run layers models through the fast plan (BatchNorm folding, fused activations; fast-plan.ts).
   * Default true; false runs the unmodified model (reference for tests and checks).
   */
  optimize?: boolean;
}

const PREFERENCE: Record<BackendName, BackendPreference> = { tensorflow: "node", wasm: "wasm", cpu: "cpu" };

function readPretrained(source: PretrainedSource) {
  return source.kind === "mobilenet_v2"
    ? Promise.resolve(readMobileNetV2Artifacts())
    : readModelDir(source.dir, { maxParams: source.maxParams });
}

async function loadSource(source: TfjsModelSource): Promise<LoadedModel> {
  if (source.kind === "random-init") {
    const base = await readPretrained(source.base);
    return randomInitModel(base.json, source.seed, base.label);
  }
  return loadArtifacts(await readPretrained(source));
}

function resolveInputShape(model: (number | null)[], given?: readonly number[]): number[] {
  if (given) {
    if (given.length !== model.length) {
      throw new Error(
        `inputShape has ${given.length} dimensions but the model's input [${model.map((d) => d ?? "?").join(", ")}] has ${model.length}`,
      );
    }
    given.forEach((d, i) => {
      if (!Number.isInteger(d) || d < 1)
        throw new Error(`inputShape[${i}] must be a positive integer, got ${d}`);
      const fixed = model[i];
      if (fixed != null && fixed !== d) {
        throw new Error(`inputShape[${i}] is ${d} but the model's input fixes it at ${fixed}`);
      }
    });
    return [...given];
  }
  if (model.some((d) => d == null)) {
    throw new Error(
      `model input [${model.map((d) => d ?? "?").join(", ")}] has free dimensions: pass inputShape`,
    );
  }
  return model as number[];
}

export class TfjsEngine implements EmbeddingEngine {
  readonly name = "tfjs" as const;
  readonly inputShape: readonly number[];
  readonly weightsHash: string;
  readonly params: number;
  readonly head: ClassificationHead | null;
  private readonly layers: LayerInfo[];
  private readonly layerNames: Set<string>;
  private readonly extractor: LayerExtractor;
  private disposed = false;

  constructor(
    loaded: LoadedModel,
    readonly backend: BackendName,
    inputShape?: readonly number[],
    microBatch?: number,
    optimize?: boolean,
  ) {
    this.inputShape = resolveInputShape(modelInputShape(loaded), inputShape);
    this.weightsHash = loaded.weightsHash;
    this.params = loaded.params;
    this.head = detectHead(loaded);
    this.layers = listLayers(loaded);
    this.layerNames = new Set(this.layers.map((l) => l.name));
    this.extractor = new LayerExtractor(loaded, this.inputShape, microBatch, optimize);
  }

  /** What the fast plan rewrote (null: the model runs unmodified). */
  get planSummary(): PlanSummary | null {
    return this.extractor.planSummary;
  }

  listLayers(): LayerInfo[] {
    return this.layers.map((l) => ({ ...l, outputShape: [...l.outputShape] }));
  }

  async extract(
    batch: Float32Array,
    n: number,
    layers: readonly string[],
    pooling: Pooling = "avg",
  ): Promise<Map<string, LayerOutput>> {
    if (this.disposed) throw new Error("extract: this engine has been disposed");
    checkBatch(batch, n, this.inputShape);
    checkLayerNames(layers, this.layerNames);
    checkPooling(pooling);
    // The backend is global to the thread; another engine may have switched it since we loaded.
    if (tf.getBackend() !== this.backend) await initTf(PREFERENCE[this.backend]);
    return this.extractor.run(batch, n, layers, pooling);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.extractor.dispose();
  }
}

/** Open `source` in this thread. The engine owns the model: call `dispose()` when done. */
export async function openTfjsEngine(
  source: TfjsModelSource,
  opts: TfjsEngineOptions = {},
): Promise<TfjsEngine> {
  const parsed = tfjsModelSourceSchema.safeParse(source);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`source.${i?.path.join(".") ?? ""}: ${i?.message ?? "invalid"}`);
  }
  const { backend } = await initTf(opts.backend);
  const loaded = await loadSource(parsed.data);
  try {
    return new TfjsEngine(loaded, backend, opts.inputShape, opts.microBatch, opts.optimize);
  } catch (e) {
    loaded.model.dispose();
    throw e;
  }
}
