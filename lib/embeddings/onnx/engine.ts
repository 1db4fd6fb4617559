/**
 * The ONNX Runtime implementation of `EmbeddingEngine` (conventions in ../engine/types.ts): NHWC
 * batches in, transposed here when the model wants NCHW; any intermediate tensor out, by adding it to
 * the graph's outputs (graph.ts) in a session cached per set of requested tensors; spatial maps pooled
 * according to their layout (layout.ts).
 */
import { checkBatch, checkLayerNames, checkPooling } from "../engine/batch";
import type { ClassificationHead, EmbeddingEngine, LayerInfo, LayerOutput, Pooling } from "../engine/types";
import { withOutputs } from "./graph";
import { nhwcToNchw, poolTensor } from "./layout";
import type { OnnxPlan } from "./plan";
import { loadOrt, type OpenedSession, type OrtModule, openSession, type ProviderPreference } from "./runtime";

export interface OnnxEngineOptions {
  /** ONNX Runtime intra-op threads (default: one per core). */
  threads?: number;
  provider?: ProviderPreference;
  /** Per-sample shape for models whose input size is free. */
  inputShape?: readonly number[];
  /** Samples per run (default 32 images, 256 vectors): bounds memory, not results. */
  microBatch?: number;
}

/** Sessions kept open per engine; each holds a copy of the weights. */
const MAX_SESSIONS = 4;

export class OnnxEngine implements EmbeddingEngine {
  readonly name = "onnx" as const;
  readonly inputShape: readonly number[];
  readonly weightsHash: string;
  readonly params: number;
  readonly head: ClassificationHead | null;
  private readonly layerNames: Set<string>;
  private readonly sessions = new Map<string, Promise<OpenedSession>>();
  private readonly microBatch: number;
  private disposed = false;

  private constructor(
    private readonly plan: OnnxPlan,
    private readonly ort: OrtModule,
    first: OpenedSession,
    readonly backend: string,
    private readonly opts: OnnxEngineOptions,
  ) {
    this.inputShape = plan.inputShape;
    this.weightsHash = plan.weightsHash;
    this.params = plan.params;
    this.head = plan.head;
    this.layerNames = new Set(plan.layers.map((l) => l.name));
    this.sessions.set(sessionKey(plan.outputs), Promise.resolve(first));
    this.microBatch = plan.fixedBatch ?? opts.microBatch ?? (plan.layout === "nc" ? 256 : 32);
  }

  /** Open the default session (the model's own outputs): proves the model runs, fixes the backend. */
  static async open(plan: OnnxPlan, opts: OnnxEngineOptions = {}): Promise<OnnxEngine> {
    const ort = await loadOrt();
    const first = await openSession(withOutputs(plan.model, plan.outputs), {
      threads: opts.threads,
      provider: opts.provider,
      label: plan.label,
    });
    return new OnnxEngine(plan, ort, first, first.backend, opts);
  }

  listLayers(): LayerInfo[] {
    return this.plan.layers.map((l) => ({ ...l, outputShape: [...l.outputShape] }));
  }

  /** The ONNX tensor behind a layer name and its layout (the converter's mapping for TF.js models). */
  tensorOf(layer: string): { tensor: string; layout: string } | null {
    return this.plan.tensors.get(layer) ?? null;
  }

  private session(tensors: readonly string[]): Promise<OpenedSession> {
    const key = sessionKey(tensors);
    const hit = this.sessions.get(key);
    if (hit) {
      this.sessions.delete(key);
      this.sessions.set(key, hit); // most recently used last
      return hit;
    }
    const p = openSession(withOutputs(this.plan.model, [...new Set(tensors)].sort()), {
      threads: this.opts.threads,
      provider: this.opts.provider,
      label: this.plan.label,
    });
    this.sessions.set(key, p);
    p.catch(() => this.sessions.delete(key));
    while (this.sessions.size > MAX_SESSIONS) {
      const [oldKey, old] = this.sessions.entries().next().value as [string, Promise<OpenedSession>];
      this.sessions.delete(oldKey);
      old.then((s) => s.session.release()).catch(() => {});
    }
    return p;
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
    const plan = this.plan;
    const wanted = layers.map((l) => ({ layer: l, ...plan.tensors.get(l)! }));
    const fetch = [...new Set(wanted.filter((w) => w.tensor !== plan.inputName).map((w) => w.tensor))];
    const { session } = await this.session(fetch.length ? fetch : plan.outputs);
    const per = batch.length / n;
    const parts = new Map<string, LayerOutput[]>(layers.map((l) => [l, []]));
    for (let start = 0; start < n; start += this.microBatch) {
      const m = Math.min(this.microBatch, n - start);
      const chunk = batch.subarray(start * per, (start + m) * per);
      let res: Record<string, { data: unknown; dims: readonly number[] }> = {};
      if (fetch.length) {
        const [h, w, c] = this.inputShape as [number, number, number];
        const feed =
          plan.layout === "nchw"
            ? new this.ort.Tensor("float32", nhwcToNchw(chunk, m, h, w, c), [m, c, h, w])
            : new this.ort.Tensor("float32", chunk.slice(), [m, ...this.inputShape]);
        try {
          res = await session.run({ [plan.inputName]: feed }, fetch);
        } catch (e) {
          throw new Error(
            `${plan.label}: ONNX Runtime failed on samples ${start}..${start + m - 1}: ${(e as Error).message}`,
          );
        }
      }
      for (const w of wanted) {
        if (w.tensor === plan.inputName) {
          // The input layer: the NHWC batch as given, pooled like any other map.
          const dims = [m, ...this.inputShape];
          parts.get(w.layer)!.push(poolTensor(chunk, dims, plan.layout === "nc" ? "nc" : "nhwc", pooling));
          continue;
        }
        const out = res[w.tensor];
        if (!out || !(out.data instanceof Float32Array)) {
          throw new Error(
            `${plan.label}: layer '${w.layer}' (tensor ${w.tensor}) did not come back as float32`,
          );
        }
        parts.get(w.layer)!.push(poolTensor(out.data, out.dims, w.layout, pooling));
      }
    }
    const result = new Map<string, LayerOutput>();
    for (const [layer, pieces] of parts) {
      const dim = pieces[0]!.dim;
      const data = new Float32Array(n * dim);
      let off = 0;
      for (const p of pieces) {
        data.set(p.data, off);
        off += p.data.length;
      }
      result.set(layer, { dim, data });
    }
    return result;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((p) => p.then((s) => s.session.release()).catch(() => {})));
  }
}

function sessionKey(tensors: readonly string[]): string {
  return JSON.stringify([...new Set(tensors)].sort());
}
