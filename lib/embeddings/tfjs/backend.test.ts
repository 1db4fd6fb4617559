import { describe, expect, it } from "vitest";
import { hasNodeBackend, initTf } from "./backend";

describe("initTf", () => {
  it("selects the requested backend and falls back from the native one", async () => {
    expect((await initTf("cpu")).backend).toBe("cpu");
    const wasm = await initTf("wasm");
    expect(wasm.backend).toBe("wasm");
    expect(wasm.tf.getBackend()).toBe("wasm");
    // tfjs-node is an optional dependency that does not install offline: without it, wasm is chosen.
    const best = await initTf();
    expect(best.backend).toBe(hasNodeBackend() ? "tensorflow" : "wasm");
    expect((await initTf("node")).backend).toBe(best.backend);
  });
  it("leaves no process-wide rethrowing handlers behind", async () => {
    await initTf("wasm");
    // The Emscripten glue would have added one handler per event (see backend.ts).
    expect(process.listeners("unhandledRejection").some((l) => /throw reason/.test(String(l)))).toBe(false);
    expect(process.listeners("uncaughtException").some((l) => /ExitStatus/.test(String(l)))).toBe(false);
  });
  it("rejects an unknown preference", async () => {
    await expect(initTf("gpu" as never)).rejects.toThrow(
      "initTf: prefer must be 'node', 'wasm' or 'cpu', got gpu",
    );
  });
});
