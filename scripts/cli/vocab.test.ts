import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runVocab } from "./vocab";

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe("transfer-audit vocab", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "vocab-cli-"));
  const file = path.join(dir, "t.csv");
  writeFileSync(file, 'id,body\n1,"The playing embeddings, unaffable the."\n');

  it("prints coverage JSON against BERT-base uncased", async () => {
    const c = capture();
    expect(await runVocab(["--texts", file, "--column", "body", "--json"], c.io)).toBe(0);
    const r = JSON.parse(c.out.join("\n"));
    // By hand with the real vocab (lib/text/wordpiece.test.ts): words the playing embeddings
    // unaffable the (5); embeddings -> em ##bed ##ding ##s, unaffable -> una ##ffa ##ble.
    expect(r.oov_token_rate).toBeCloseTo(2 / 5, 12);
    expect(r.oov_type_rate).toBeCloseTo(2 / 4, 12);
    expect(r.pieces_per_word).toBeCloseTo((1 + 1 + 4 + 3 + 1) / 5, 12);
    expect(r.top_missing).toEqual([
      { word: "embeddings", count: 1, pieces: ["em", "##bed", "##ding", "##s"] },
      { word: "unaffable", count: 1, pieces: ["una", "##ffa", "##ble"] },
    ]);
    // 2 pieces per word passes the 1.6 fragmentation threshold; 40% OOV passes 0.30.
    expect(r.warnings.map((w: { code: string; severity: string }) => `${w.code}:${w.severity}`)).toEqual([
      "oov_rate:severe",
      "fragmentation:severe",
    ]);
  });

  it("accepts a vocabulary file and reports usage and input errors by exit code", async () => {
    const v = path.join(dir, "words.json");
    writeFileSync(v, JSON.stringify(["the", "playing"]));
    const c = capture();
    expect(await runVocab(["--texts", file, "--column", "body", "--vocab", v, "--json"], c.io)).toBe(0);
    const r = JSON.parse(c.out.join("\n"));
    expect(r.kind).toBe("word");
    expect(r.pieces_per_word).toBeNull();
    expect(r.oov_token_rate).toBeCloseTo(2 / 5, 12);

    const u = capture();
    expect(await runVocab(["--column", "body"], u.io)).toBe(2);
    expect(u.err.join("\n")).toMatch(/--texts is required/);
    const m = capture();
    expect(await runVocab(["--texts", file], m.io)).toBe(1);
    expect(m.err.join("\n")).toMatch(/t.csv: column "text": text column not in header/);
  });
});
