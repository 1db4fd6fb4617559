import { describe, expect, it } from "vitest";
import { PageStore } from "./store";
import { makeTemplate } from "./template";

const NONCE = "q7HfIbLG1TlDKwiCxfNQ3g==";
const page = (text: string) =>
  makeTemplate(Buffer.from(`<script nonce="${NONCE}"></script>${text}`), [], NONCE);

describe("page store", () => {
  it("returns an entry only for its version and within its age", () => {
    let now = 0;
    const store = new PageStore({ maxBytes: 1e6, maxAgeMs: 1000, now: () => now });
    const p = page("a");
    store.set("s", "v1", p);
    expect(store.get("s", "v1")).toBe(p);
    expect(store.get("s", "v2")).toBeNull();
    // A version miss drops the entry: the old version is never served again.
    expect(store.get("s", "v1")).toBeNull();
    store.set("s", "v1", p);
    now = 1001;
    expect(store.get("s", "v1")).toBeNull();
    expect(store.size).toEqual({ entries: 0, bytes: 0 });
  });

  it("keeps its bytes under the bound, dropping the least recently used first", () => {
    const one = page("x".repeat(1000));
    const store = new PageStore({ maxBytes: one.size * 2.5, maxAgeMs: 60_000 });
    store.set("a", "v", page("x".repeat(1000)));
    store.set("b", "v", page("x".repeat(1000)));
    expect(store.get("a", "v")).not.toBeNull(); // a is now more recent than b
    store.set("c", "v", page("x".repeat(1000)));
    expect(store.get("b", "v")).toBeNull();
    expect(store.get("a", "v")).not.toBeNull();
    expect(store.get("c", "v")).not.toBeNull();
    expect(store.size.bytes).toBeLessThanOrEqual(one.size * 2.5);
    // A page larger than the whole bound is not kept at all.
    const small = new PageStore({ maxBytes: 10, maxAgeMs: 60_000 });
    small.set("a", "v", one);
    expect(small.size).toEqual({ entries: 0, bytes: 0 });
  });
});
