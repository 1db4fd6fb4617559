/**
 * The shipped State of the Union demo (public/demo/sotu, scripts/demo/sotu.ts) and the shipped
 * bow-sotu encoder (public/models/bow-sotu, scripts/pretrain/bow-sotu.ts): the vocabulary gap the
 * demo exists to show, and the artifacts' own claims re-checked through an independent path.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { encodeBow } from "./bow";
import { predictClasses, sha256Hex } from "./bow-model";
import { splitSotuSource } from "./bow-sotu";
import { vocabularyCoverage } from "./coverage";
import { coverageWarnings } from "./coverage-warnings";
import { parseTextCsv } from "./csv";
import { decadeLabel } from "./sotu";
import { buildWordVocabulary, loadBertBaseUncased, readVocabularyFile } from "./vocabulary";

const root = path.resolve(__dirname, "../..");
const demoDir = path.join(root, "public/demo/sotu");
const modelDir = path.join(root, "public/models/bow-sotu");
const read = (name: string) => parseTextCsv(readFileSync(path.join(demoDir, name)), { file: name });
const source = read("source.csv");
const target = read("target.csv");
const texts = (rows: typeof source.rows) => rows.map((r) => r.text);
const meta = JSON.parse(readFileSync(path.join(modelDir, "meta.json"), "utf8"));

describe("demo CSVs", () => {
  it("have the documented columns, eras and labels, within the size budget", () => {
    expect(source.columns).toEqual(["id", "text", "party", "year", "label"]);
    expect(source.rows).toHaveLength(1000);
    expect(target.rows).toHaveLength(1000);
    for (const r of source.rows) expect(Number(r.attributes.year)).toBeLessThanOrEqual(1899);
    for (const r of target.rows) expect(Number(r.attributes.year)).toBeGreaterThanOrEqual(1990);
    for (const r of [...source.rows, ...target.rows])
      expect(r.label).toBe(decadeLabel(Number(r.attributes.year)));
    expect(new Set(target.rows.map((r) => r.attributes.party))).toEqual(
      new Set(["Democratic", "Republican"]),
    );
    const bytes =
      statSync(path.join(demoDir, "source.csv")).size + statSync(path.join(demoDir, "target.csv")).size;
    expect(bytes).toBeLessThan(2e6);
  });
});

describe("vocabulary gap between eras", () => {
  it("a word vocabulary from 1790-1899 misses more of 1990-2021 than of a same-era split", () => {
    // Same-era split: vocabulary from even-year source passages, scored on odd-year ones.
    const even = source.rows.filter((r) => Number(r.attributes.year) % 2 === 0);
    const odd = source.rows.filter((r) => Number(r.attributes.year) % 2 === 1);
    const vocab = buildWordVocabulary(texts(even), 2000, "even-years");
    const sameEra = vocabularyCoverage(texts(odd), vocab);
    const crossEra = vocabularyCoverage(texts(target.rows), vocab);
    // Measured when written: about 0.11 same era against 0.25 across eras; the full eras with
    // this recipe give 0.12 and 0.25. The claim under test is the inequality, with room.
    expect(crossEra.oovTokenRate).toBeGreaterThan(sameEra.oovTokenRate + 0.05);
  });

  it("the shipped encoder's vocabulary misses more of the target than of its held-out addresses", () => {
    const vocab = readVocabularyFile(path.join(modelDir, "vocab.json"), "bow-sotu");
    const heldOutKeys = new Set<string>(meta.heldOut.addresses);
    // Demo ids are `<address key>_<passage index>`.
    const heldOut = source.rows.filter((r) => heldOutKeys.has(r.id.replace(/_\d{3}$/, "")));
    expect(heldOut.length).toBeGreaterThan(100);
    const same = vocabularyCoverage(texts(heldOut), vocab);
    const cross = vocabularyCoverage(texts(target.rows), vocab);
    expect(cross.oovTokenRate).toBeGreaterThan(same.oovTokenRate + 0.05);
    // And the report would flag it (lib/text/coverage-warnings.ts, oov_gap).
    expect(coverageWarnings(cross, same).map((w) => w.code)).toContain("oov_gap");
  });

  it("BERT-base uncased, trained on modern text, runs the other way: it misses more 19th-century words", () => {
    const bert = loadBertBaseUncased();
    const old = vocabularyCoverage(texts(source.rows), bert);
    const recent = vocabularyCoverage(texts(target.rows), bert);
    // Whole eras measured at 0.041 (1790-1899) and 0.020 (1990-2021) OOV by tokens.
    expect(old.oovTokenRate).toBeGreaterThan(recent.oovTokenRate);
    expect(old.piecesPerWord!).toBeGreaterThan(recent.piecesPerWord!);
  });
});

describe("shipped bow-sotu encoder", () => {
  it("matches its meta.json: weights hash, size, layers, held-out accuracy", async () => {
    const weights = readFileSync(path.join(modelDir, "weights.bin"));
    // The hash recorded by the pretraining script, recomputed from the file.
    expect(sha256Hex(weights)).toBe(meta.weightsHash);
    const total = ["model.json", "weights.bin", "vocab.json", "meta.json"].reduce(
      (s, f) => s + statSync(path.join(modelDir, f)).size,
      0,
    );
    expect(total).toBeLessThan(3e6);
    expect(meta.preprocessing).toMatchObject({
      kind: "bow",
      vocabulary: "vocab.json",
      weighting: "log1p-l2",
    });

    const modelJson = JSON.parse(readFileSync(path.join(modelDir, "model.json"), "utf8"));
    const vocab: string[] = JSON.parse(readFileSync(path.join(modelDir, "vocab.json"), "utf8"));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      }),
    );
    expect(model.getLayer("features").outputShape).toEqual([null, 32]);
    expect(model.inputs[0]!.shape).toEqual([null, vocab.length]);

    // Re-derive the held-out passages from the corpus and score the shipped head on them.
    const split = splitSotuSource({
      seed: meta.seed,
      minWords: meta.training.minWords,
      heldOutPerDecade: meta.heldOut.perDecade,
    });
    expect(split.heldOutSpeeches).toEqual(meta.heldOut.addresses);
    const x = encodeBow(
      split.heldOut.map((p) => p.text),
      vocab,
      meta.preprocessing.weighting,
    );
    const pred = predictClasses(model, x, vocab.length);
    let correct = 0;
    split.heldOut.forEach((p, i) => {
      if (meta.headClasses[pred[i]!] === decadeLabel(p.year)) correct += 1;
    });
    // Trained on wasm, evaluated here on whichever backend vitest runs: float rounding may flip
    // an argmax or two, hence the tolerance.
    expect(correct / split.heldOut.length).toBeCloseTo(meta.heldOut.accuracy, 2);
    expect(meta.heldOut.accuracy).toBeGreaterThan(2 * meta.heldOut.majorityBaseline);
    model.dispose();
  });
});
