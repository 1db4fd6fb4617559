import { describe, expect, it } from "vitest";
import { noVerdictReason } from "./verdict-reason";

describe("noVerdictReason", () => {
  it("says nothing when there is a verdict", () => {
    expect(noVerdictReason({ status: "done", verdict: "transfer", modelFormat: "tfjs-layers" })).toBeNull();
  });

  it("explains the identity `features` model: nothing to transfer, by design", () => {
    const r = noVerdictReason({
      status: "done",
      verdict: null,
      modelFormat: "identity",
      targetLabelled: true,
    })!;
    expect(r.short).toBe("none: features used as given, no model to reuse");
    expect(r.long).toMatch(/no pretrained network/);
  });

  it("tells an unlabelled target, an unfinished audit and a failed one apart", () => {
    const base = { verdict: null, modelFormat: "tfjs-layers" };
    expect(noVerdictReason({ ...base, status: "done", targetLabelled: false })!.short).toBe(
      "none: the target has no labels",
    );
    expect(noVerdictReason({ ...base, status: "done", targetLabelled: true })!.short).toBe(
      "none: not enough measurements",
    );
    expect(noVerdictReason({ ...base, status: "running" })!.short).toBe("pending");
    expect(noVerdictReason({ ...base, status: "failed", error: "embed: out of memory" })!.long).toBe(
      "The audit failed before it reached a verdict: embed: out of memory",
    );
  });
});
