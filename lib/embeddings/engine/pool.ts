/**
 * Spread an engine over worker threads: each worker opens its own copy of the model on its own backend
 * (TF.js wasm runs single-threaded in Node, so two workers are the way to use two cores), every batch
 * is cut into contiguous parts, one per worker, and the results are put back in input order.
 *
 * The pool is itself an `EmbeddingEngine`, so callers do not care whether work runs in threads.
 * Worker entry: `worker.mjs` registers tsx's loader and imports `worker-main.ts` (see there). When a
 * worker cannot start at all (no worker_threads, loader missing), the pool falls back to one engine in
 * this thread and says so in `mode` and `fallbackReason`. A model that fails to open fails the pool:
 * the same error would happen in-process.
 *
 * Threads: `threads` option, else env TA_THREADS, else the number of cores; 0 = in-process. An ONNX
 * spec runs on one worker whose ONNX Runtime session gets that many intra-op threads.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { env } from "../../env";
import { checkBatch, checkLayerNames, checkPooling, concatOutputs, splitCounts } from "./batch";
import { createEngine, type EngineSpec, preflightEngineSpec } from "./create";
import type { EngineSummary, FromWorker, ToWorker, WorkerInit } from "./protocol";
import type { ClassificationHead, EmbeddingEngine, LayerInfo, LayerOutput, Pooling } from "./types";

export interface PoolOptions {
  /** Number of worker threads; 0 runs in this thread. Default: TA_THREADS, else the number of cores. */
  threads?: number;
  /** How long a worker may take to open its model (default 120 s: a busy machine is slow). */
  startTimeoutMs?: number;
  /** Worker entry file (default `worker.mjs` next to this file); tests point it elsewhere. */
  workerEntry?: URL;
}

/** Threads to use when the caller does not say: TA_THREADS, else one per core. */
export function defaultThreads(): number {
  return env().TA_THREADS ?? availableParallelism();
}

interface Pending {
  resolve: (out: Map<string, LayerOutput>) => void;
  reject: (e: Error) => void;
}

/** One worker thread and its outstanding requests. */
class WorkerHandle {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: string | null = null;

  constructor(
    readonly index: number,
    readonly worker: Worker,
  ) {
    worker.on("message", (msg: FromWorker) => this.onMessage(msg));
    worker.on("error", (e) => this.fail(`crashed: ${e.message}`));
    worker.on("exit", (code) => this.fail(`exited with code ${code}`));
  }

  private onMessage(msg: FromWorker): void {
    if (msg.type !== "result" && msg.type !== "error") return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    this.idleCheck();
    if (msg.type === "error") p.reject(new Error(msg.message));
    else p.resolve(new Map(msg.outputs.map((o) => [o.name, { dim: o.dim, data: o.data }])));
  }

  private fail(reason: string): void {
    if (this.dead) return;
    this.dead = reason;
    for (const p of this.pending.values()) p.reject(new Error(`embedding worker ${this.index} ${reason}`));
    this.pending.clear();
  }

  /** Let the process exit while no request is outstanding, even if the pool was never disposed. */
  private idleCheck(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  extract(
    batch: Float32Array,
    n: number,
    layers: string[],
    pooling: Pooling,
  ): Promise<Map<string, LayerOutput>> {
    if (this.dead) return Promise.reject(new Error(`embedding worker ${this.index} ${this.dead}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      const msg: ToWorker = { type: "extract", id, batch, n, layers, pooling };
      this.worker.postMessage(msg, [batch.buffer as ArrayBuffer]);
    });
  }

  async terminate(): Promise<void> {
    this.dead ??= "was disposed";
    await this.worker.terminate();
  }
}

/** Start one worker and wait for its engine summary. */
function startWorker(
  index: number,
  spec: EngineSpec,
  timeoutMs: number,
  entry: URL,
): Promise<
  { handle: WorkerHandle; summary: EngineSummary } | { startFailure: string } | { openError: string }
> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      const init: WorkerInit = { spec };
      worker = new Worker(entry, { workerData: init });
    } catch (e) {
      resolve({ startFailure: (e as Error).message });
      return;
    }
    const done = (r: Parameters<typeof resolve>[0]) => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      resolve(r);
    };
    const onMessage = (msg: FromWorker) => {
      if (msg.type === "ready") {
        const handle = new WorkerHandle(index, worker);
        worker.unref();
        done({ handle, summary: msg.summary });
      } else if (msg.type === "open-error") {
        void worker.terminate();
        done({ openError: msg.message });
      }
    };
    const onError = (e: Error) => done({ startFailure: e.message });
    const onExit = (code: number) =>
      done({ startFailure: `exited with code ${code} before its engine opened` });
    const timer = setTimeout(() => {
      void worker.terminate();
      done({ startFailure: `did not open its engine within ${timeoutMs} ms` });
    }, timeoutMs);
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

/** An `EmbeddingEngine` whose batches run on several worker threads (or in-process as a fallback). */
export class PooledEngine implements EmbeddingEngine {
  readonly name: "tfjs" | "onnx";
  readonly backend: string;
  readonly inputShape: readonly number[];
  readonly weightsHash: string;
  readonly params: number;
  readonly head: ClassificationHead | null;
  private readonly layers: LayerInfo[];
  private readonly layerNames: Set<string>;

  private constructor(
    summary: EngineSummary,
    private readonly workers: WorkerHandle[],
    private readonly local: EmbeddingEngine | null,
    /** `workers`: batches are split across threads; `in-process`: one engine in this thread. */
    readonly mode: "workers" | "in-process",
    /** Why the pool runs in-process although threads were asked for; null otherwise. */
    readonly fallbackReason: string | null,
  ) {
    this.name = summary.name;
    this.backend = summary.backend;
    this.inputShape = summary.inputShape;
    this.weightsHash = summary.weightsHash;
    this.params = summary.params;
    this.head = summary.head;
    this.layers = summary.layers;
    this.layerNames = new Set(summary.layers.map((l) => l.name));
  }

  /** Worker threads in use (0 in-process). */
  get threads(): number {
    return this.workers.length;
  }

  static async open(specIn: EngineSpec, opts: PoolOptions = {}): Promise<PooledEngine> {
    let spec = await preflightEngineSpec(specIn);
    let threads = opts.threads ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 0) {
      throw new Error(`threads must be a non-negative integer, got ${threads}`);
    }
    // ONNX Runtime runs its own intra-op threads: one worker (keeping this event loop free) whose
    // session uses them all, rather than several sessions competing for the same cores.
    if (spec.engine === "onnx" && threads > 0) {
      spec = { ...spec, threads: spec.threads ?? threads };
      threads = 1;
    }
    if (threads === 0) return PooledEngine.inProcess(spec, null);

    const started = await Promise.all(
      Array.from({ length: threads }, (_, i) =>
        startWorker(
          i,
          spec,
          opts.startTimeoutMs ?? 120_000,
          opts.workerEntry ?? new URL("./worker.mjs", import.meta.url),
        ),
      ),
    );
    const ok = started.flatMap((s) => ("handle" in s ? [s] : []));
    if (ok.length < started.length) {
      await Promise.all(ok.map((s) => s.handle.terminate()));
      for (const s of started) if ("openError" in s) throw new Error(s.openError);
      const reasons = started.flatMap((s) => ("startFailure" in s ? [s.startFailure] : []));
      return PooledEngine.inProcess(spec, `worker threads unavailable (${reasons[0]})`);
    }
    const first = ok[0]!.summary;
    for (const s of ok) {
      if (s.summary.weightsHash !== first.weightsHash || s.summary.backend !== first.backend) {
        await Promise.all(ok.map((o) => o.handle.terminate()));
        throw new Error(
          `embedding workers disagree: worker ${s.handle.index} has ${s.summary.backend}/${s.summary.weightsHash}, worker 0 ${first.backend}/${first.weightsHash}`,
        );
      }
    }
    return new PooledEngine(
      first,
      ok.map((s) => s.handle),
      null,
      "workers",
      null,
    );
  }

  private static async inProcess(spec: EngineSpec, reason: string | null): Promise<PooledEngine> {
    const engine = await createEngine(spec);
    const summary: EngineSummary = {
      name: engine.name,
      backend: engine.backend,
      inputShape: [...engine.inputShape],
      weightsHash: engine.weightsHash,
      params: engine.params,
      head: engine.head,
      layers: engine.listLayers(),
    };
    return new PooledEngine(summary, [], engine, "in-process", reason);
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
    if (this.local) return this.local.extract(batch, n, layers, pooling);
    if (this.workers.length === 0) throw new Error("extract: this engine has been disposed");
    checkBatch(batch, n, this.inputShape);
    checkLayerNames(layers, this.layerNames);
    checkPooling(pooling);
    const per = batch.length / n;
    const counts = splitCounts(n, this.workers.length);
    let start = 0;
    const parts = counts.map((count, i) => {
      // A copy per part: its buffer is transferred to the worker, the caller's batch stays intact.
      const slice = batch.slice(start * per, (start + count) * per);
      start += count;
      return this.workers[i]!.extract(slice, count, [...layers], pooling);
    });
    return concatOutputs(await Promise.all(parts), layers);
  }

  async dispose(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
    await this.local?.dispose();
  }
}

/** Open `spec` on `threads` worker threads (see PoolOptions). */
export function createEnginePool(spec: EngineSpec, opts: PoolOptions = {}): Promise<PooledEngine> {
  return PooledEngine.open(spec, opts);
}
