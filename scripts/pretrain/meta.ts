/**
 * The meta.json written beside each pretrained source model in public/models/<name>/: what it was
 * trained on, how, how well it does on held-out data, its input space and its split points.
 * Readers (lib/embeddings/registry.ts, the report) take `preprocessing`, `layers` (names) and
 * `splitPoints` (details) from here.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Preprocessing } from "@/lib/embeddings/input/preprocessing";
import type { tf } from "./tf-setup";

export interface SplitPoint {
  /** Layer name in model.json. */
  name: string;
  /** Output shape without the batch dimension. */
  outputShape: number[];
  /** Length of the flattened output (the embedding dimension taken there). */
  dim: number;
  description: string;
}

export interface SourceModelMeta {
  name: string;
  description: string;
  createdWith: string;
  trainingData: {
    package: string;
    digits: number[];
    labelsUsed: boolean;
    trainCount: number;
    heldOutCount: number;
    split: string;
  };
  sourceDataset: { name: string; description: string; link: string };
  seed: number;
  epochs: number;
  steps: number;
  batchSize: number;
  optimizer: string;
  learningRate: number;
  loss: string;
  /** Fraction correct on the held-out split (never used in training); null for label-free models. */
  heldOutAccuracy: number | null;
  heldOutCorrect: number | null;
  inputShape: number[];
  preprocessing: Preprocessing;
  inputConvention: string;
  /** Names of the layers chosen as split points, shallow to deep (what the registry reads). */
  layers: string[];
  /** The same layers with output shape, dimension and why they are sensible split points. */
  splitPoints: SplitPoint[];
  architecture: { name: string; className: string; outputShape: number[]; params: number }[];
  weights: { files: string[]; bytes: number; sha256: string; params: number };
  training: {
    wallSeconds: number;
    cpuSeconds: number;
    /** 1-minute load average at the end of training (wall time on a busy machine is inflated). */
    loadAverage1m: number;
    backend: string;
    wasmThreads: number;
    tfjsVersion: string;
    node: string;
    lastEpochLoss: number;
    reproducibility: string;
  };
  [extra: string]: unknown;
}

function shapeOf(layer: tf.layers.Layer): number[] {
  const s = layer.outputShape as (number | null)[];
  return s.slice(1).map((d) => d ?? -1);
}

export function splitPoint(model: tf.LayersModel, name: string, description: string): SplitPoint {
  const outputShape = shapeOf(model.getLayer(name));
  return { name, outputShape, dim: outputShape.reduce((a, b) => a * b, 1), description };
}

export function architectureOf(model: tf.LayersModel): SourceModelMeta["architecture"] {
  return model.layers.map((l) => ({
    name: l.name,
    className: l.getClassName(),
    outputShape: shapeOf(l),
    params: l.countParams(),
  }));
}

export const MNIST_PREPROCESSING: Preprocessing = {
  height: 28,
  width: 28,
  channels: 1,
  range: [0, 1],
  mean: null,
  std: null,
  resize: "bilinear",
  channelOrder: "RGB",
};

export const MNIST_INPUT_CONVENTION =
  "28x28 grey, light (255) digit on a dark (0) ground, digit size-normalised into a 20x20 box and centred by centre of mass, as in MNIST; dark-on-light images must be inverted first";

export const REPRODUCIBILITY_NOTE =
  "seeded initializers and batch order, no dropout, single-threaded wasm: the same seed gives the same weights.bin bit for bit (checked by running the script twice and by scripts/pretrain/reproducibility.test.ts)";

export function writeMeta(dir: string, meta: SourceModelMeta): void {
  writeFileSync(path.join(dir, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
}
