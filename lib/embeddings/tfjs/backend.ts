/**
 * Picks and initialises the TF.js backend for this thread.
 *
 * Order of preference: `tensorflow` (native libtensorflow through `@tensorflow/tfjs-node`, an optional
 * dependency that does not install on machines without internet), then `wasm` (XNNPACK, SIMD, ships
 * inside `@tensorflow/tfjs-backend-wasm`), then the pure-JS `cpu` backend (about 25x slower than
 * wasm; tests of tiny models only).
 *
 * The backend is global to the TF.js engine of a thread: every model in the thread runs on it. Worker
 * threads each have their own (see `lib/embeddings/engine/pool.ts`).
 */
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

export type Tf = typeof tf;

/** What a caller may ask for. `node` is the native backend (TF.js names it `tensorflow`). */
export type BackendPreference = "node" | "wasm" | "cpu";

/** The TF.js backend names this module can select. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

export interface TfRuntime {
  tf: Tf;
  /** The backend actually selected; record it next to every result computed with it. */
  backend: BackendName;
}

const require = createRequire(import.meta.url);

// Package names kept in variables so bundlers do not try to resolve the optional ones at build time.
const NODE_PACKAGE = "@tensorflow/tfjs-node";
const WASM_PACKAGE = "@tensorflow/tfjs-backend-wasm";

/** Registration is done once per thread; each attempt is memoised, success or not. */
const registered = new Map<BackendName, Promise<boolean>>();

function registerOnce(name: BackendName): Promise<boolean> {
  let p = registered.get(name);
  if (!p) {
    p = register(name);
    registered.set(name, p);
  }
  return p;
}

async function register(name: BackendName): Promise<boolean> {
  if (name === "cpu") return true; // bundled with @tensorflow/tfjs
  if (name === "tensorflow") {
    try {
      require.resolve(NODE_PACKAGE);
      // Loading it registers the `tensorflow` backend on the same tfjs-core instance (same version).
      require(NODE_PACKAGE);
      return tf.findBackendFactory("tensorflow") != null;
    } catch {
      return false; // not installed (the usual case here) or its native library is missing
    }
  }
  try {
    const wasm = (await import(WASM_PACKAGE)) as typeof import("@tensorflow/tfjs-backend-wasm");
    // The .wasm binaries sit next to the package's main file; without this the backend would fetch
    // them relative to a URL, which Node cannot do offline.
    wasm.setWasmPaths(`${path.dirname(require.resolve(WASM_PACKAGE))}/`);
    return true;
  } catch {
    return false;
  }
}

function candidates(prefer: BackendPreference | undefined): BackendName[] {
  switch (prefer) {
    case "cpu":
      return ["cpu"];
    case "wasm":
      return ["wasm", "cpu"];
    default:
      return ["tensorflow", "wasm", "cpu"];
  }
}

const GLOBAL_EVENTS = ["uncaughtException", "unhandledRejection"] as const;
type GlobalEvent = (typeof GLOBAL_EVENTS)[number];
type Listener = (...args: unknown[]) => void;

// One typed view of process for both events (Node's typings overload each event name separately).
const proc = process as unknown as {
  listeners(ev: GlobalEvent): Listener[];
  removeListener(ev: GlobalEvent, l: Listener): void;
};

function processListeners(): Map<GlobalEvent, Set<Listener>> {
  return new Map(GLOBAL_EVENTS.map((ev) => [ev, new Set(proc.listeners(ev))]));
}

/**
 * The wasm backend's Emscripten glue adds process-wide `uncaughtException` and `unhandledRejection`
 * handlers that rethrow, so any later crash of the application prints a screen of minified wasm glue
 * instead of the real stack. Node's default behaviour for both events is already to crash with the
 * error: removing the handlers changes nothing but the output.
 */
function removeAddedListeners(before: Map<GlobalEvent, Set<Listener>>): void {
  for (const ev of GLOBAL_EVENTS) {
    const had = before.get(ev)!;
    for (const l of proc.listeners(ev)) if (!had.has(l)) proc.removeListener(ev, l);
  }
}

/**
 * The cpu backend prints "install our node backend" on its first tensor. Here cpu is either chosen on
 * purpose (tests) or the last fallback, and `backend` in the result already says which one ran.
 */
function silenceCpuHint(): void {
  const cpu = tf.findBackend("cpu") as { firstUse?: boolean } | null;
  if (cpu && "firstUse" in cpu) cpu.firstUse = false;
}

let chain: Promise<unknown> = Promise.resolve();
/** Last backend this module selected. Asking TF.js before any selection would make it initialise its own
 * default (trying webgl first), so `tf.getBackend()` is consulted only after a selection. */
let selected: BackendName | null = null;

/**
 * Select the fastest available backend at or below `prefer` (default: the fastest available) and wait
 * until it is ready. Falls back silently: `backend` in the result says what was chosen.
 * Calls are serialised, since the backend is a global of the thread.
 */
export function initTf(prefer?: BackendPreference): Promise<TfRuntime> {
  if (prefer !== undefined && prefer !== "node" && prefer !== "wasm" && prefer !== "cpu") {
    return Promise.reject(new Error(`initTf: prefer must be 'node', 'wasm' or 'cpu', got ${String(prefer)}`));
  }
  const run = async (): Promise<TfRuntime> => {
    const failures: string[] = [];
    for (const name of candidates(prefer)) {
      if (!(await registerOnce(name))) {
        failures.push(`${name}: not available`);
        continue;
      }
      if (selected === name && tf.getBackend() === name) return { tf, backend: name };
      const before = processListeners();
      try {
        if (await tf.setBackend(name)) {
          await tf.ready();
          selected = name;
          if (name === "cpu") silenceCpuHint();
          return { tf, backend: name };
        }
        failures.push(`${name}: failed to initialise`);
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message}`);
      } finally {
        removeAddedListeners(before);
      }
    }
    throw new Error(`initTf: no TF.js backend could be initialised (${failures.join("; ")})`);
  };
  const result = chain.then(run, run);
  chain = result.catch(() => undefined);
  return result;
}

/** Whether the optional native backend is installed (without loading it). */
export function hasNodeBackend(): boolean {
  try {
    require.resolve(NODE_PACKAGE);
    return true;
  } catch {
    return false;
  }
}
