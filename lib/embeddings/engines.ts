/**
 * Open engines of this process, reused across shard jobs: opening MobileNetV2 on two threads costs
 * seconds, a shard of 256 images a few more. At most two stay open (the pretrained model and its
 * random-init copy, which an audit alternates between); older ones are disposed.
 */
import type { EngineSpec } from "./engine/create";
import type { EmbeddingEngine } from "./engine/types";

const MAX_OPEN = 2;
const g = globalThis as unknown as { __taEngines?: Map<string, Promise<EmbeddingEngine>> };
if (!g.__taEngines) g.__taEngines = new Map();
const open: Map<string, Promise<EmbeddingEngine>> = g.__taEngines;

export async function getEngine(spec: EngineSpec): Promise<EmbeddingEngine> {
  const key = JSON.stringify(spec);
  const hit = open.get(key);
  if (hit) {
    open.delete(key);
    open.set(key, hit); // most recently used last
    return hit;
  }
  const { createEnginePool } = await import("./engine/pool");
  const p = createEnginePool(spec) as Promise<EmbeddingEngine>;
  open.set(key, p);
  p.catch(() => open.delete(key));
  while (open.size > MAX_OPEN) {
    const [oldKey, old] = open.entries().next().value as [string, Promise<EmbeddingEngine>];
    open.delete(oldKey);
    old.then((e: EmbeddingEngine) => e.dispose()).catch(() => {});
  }
  return p;
}

export async function disposeEngines(): Promise<void> {
  const all = [...open.values()];
  open.clear();
  await Promise.all(all.map((p) => p.then((e) => e.dispose()).catch(() => {})));
}
