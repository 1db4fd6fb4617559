/**
 * Body of an embedding worker thread (started through worker.mjs): opens its own engine from the spec
 * in workerData, then answers extract requests one at a time, in arrival order.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createEngine } from "./create";
import type { FromWorker, ToWorker, WorkerInit } from "./protocol";
import type { EmbeddingEngine } from "./types";

const port = parentPort;
if (!port) throw new Error("worker-main.ts must run in a worker thread");

function send(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(msg, transfer);
}

let engine: EmbeddingEngine | null = null;
try {
  engine = await createEngine((workerData as WorkerInit).spec);
  send({
    type: "ready",
    summary: {
      name: engine.name,
      backend: engine.backend,
      inputShape: [...engine.inputShape],
      weightsHash: engine.weightsHash,
      params: engine.params,
      head: engine.head,
      layers: engine.listLayers(),
    },
  });
} catch (e) {
  send({ type: "open-error", message: (e as Error).message });
}

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === "dispose") {
    await engine?.dispose();
    engine = null;
    send({ type: "disposed" });
    port!.close();
    return;
  }
  try {
    if (!engine) throw new Error("the worker's engine is not open");
    const out = await engine.extract(msg.batch, msg.n, msg.layers, msg.pooling);
    const outputs = [...out].map(([name, o]) => ({ name, dim: o.dim, data: o.data }));
    send(
      { type: "result", id: msg.id, outputs },
      outputs.map((o) => o.data.buffer as ArrayBuffer),
    );
  } catch (e) {
    send({ type: "error", id: msg.id, message: (e as Error).message });
  }
}

// One request at a time: a second batch waits instead of doubling the thread's memory.
let queue: Promise<void> = Promise.resolve();
if (engine) {
  port.on("message", (msg: ToWorker) => {
    queue = queue.then(() => handle(msg));
  });
}
