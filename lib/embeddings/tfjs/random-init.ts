/**
 * The "random features" baseline: the same architecture as a pretrained layers model, with fresh
 * weights drawn from a seed. If a pretrained model's features do no better than these on a dataset,
 * the pretraining is not what helps (cf. Yosinski et al., "How transferable are features in deep
 * neural networks?", NeurIPS 2014; random-feature baselines in Kornblith et al., CVPR 2019).
 *
 * How the weights are drawn: the topology JSON is copied and every initializer in it (any
 * `*_initializer` entry whose class is random: VarianceScaling, Glorot*, He*, Lecun*, RandomNormal,
 * RandomUniform, TruncatedNormal, Orthogonal) gets its own `seed`, drawn in JSON order from
 * `createRng(seed)`. `tf.models.modelFromJSON` then builds the model, and each layer's initializer
 * fills its weights with TF.js's seeded generators (alea, in JS, so the same on every backend). Same
 * seed, same topology -> bit-identical weights.
 *
 * What that means per weight (the model's own configured initializers, as Keras would at construction):
 * in the bundled MobileNetV2, convolution and depthwise kernels use VarianceScaling(scale 1, fan_avg,
 * uniform) = Glorot uniform, U(-sqrt(6/(fan_in+fan_out)), +sqrt(...)); the two hidden Dense layers of
 * the head He normal (scale 2, fan_in); biases are zero; BatchNorm gamma = 1, beta = 0, and the
 * moving statistics stay at their initial values, moving mean 0 and moving variance 1, so at inference
 * each BatchNorm layer computes x / sqrt(1 + eps) (no data-dependent normalisation).
 * TF.js draws VarianceScaling "normal" as a truncated normal with stddev sqrt(scale / fan), the Keras 2.2
 * convention, without the 0.8796 correction of later Keras versions.
 *
 * Consequence worth knowing: with inference-mode BatchNorm doing no normalisation, activations shrink
 * layer after layer in a deep network (MobileNetV2's 1280-d features come out around 1e-11, all
 * positive or zero after ReLU6). The values keep their relative structure in float32, so metrics
 * should standardise features (z-score per dimension) before comparing them with pretrained ones.
 */
import * as tf from "@tensorflow/tfjs";
import { createRng, type Rng } from "../../metrics/stats/rng";
import type { LoadedModel } from "./load";
import { sha256Hex } from "./load";
import type { ModelJson } from "./manifest";
import { declaredParams } from "./manifest";

const RANDOM_INITIALIZERS =
  /^(VarianceScaling|Glorot(Normal|Uniform)|He(Normal|Uniform)|Lecun(Normal|Uniform)|Random(Normal|Uniform)|TruncatedNormal|Orthogonal)$/;

interface InitializerJson {
  class_name: string;
  config?: Record<string, unknown>;
}

function isInitializer(v: unknown): v is InitializerJson {
  return typeof v === "object" && v !== null && typeof (v as InitializerJson).class_name === "string";
}

function walk(node: unknown, rng: Rng, counter: { n: number }): unknown {
  if (Array.isArray(node)) return node.map((v) => walk(v, rng, counter));
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.endsWith("_initializer") && isInitializer(value) && RANDOM_INITIALIZERS.test(value.class_name)) {
      counter.n++;
      out[key] = { ...value, config: { ...(value.config ?? {}), seed: rng.int(0x7fffffff) } };
    } else {
      out[key] = walk(value, rng, counter);
    }
  }
  return out;
}

/**
 * A deep copy of a Keras topology with a distinct seed on every random initializer. Returns the copy and
 * how many initializers were seeded.
 */
export function seedInitializers(topology: unknown, seed: number): { topology: unknown; seeded: number } {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`seed must be an integer in 0..2^32-1, got ${seed}`);
  }
  const counter = { n: 0 };
  const copy = walk(topology, createRng(seed), counter);
  return { topology: copy, seeded: counter.n };
}

/** sha256 over a layers model's weights (float32 bytes, in `model.weights` order). */
export function hashWeights(model: tf.LayersModel): string {
  const chunks: Uint8Array[] = [];
  for (const v of model.weights) {
    const data = v.read().dataSync();
    chunks.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return sha256Hex(chunks);
}

/**
 * Build `json`'s architecture with seeded random weights. Layers models only: a graph model has no
 * initializers to replay.
 */
export async function randomInitModel(
  json: ModelJson,
  seed: number,
  label = "model.json",
): Promise<LoadedModel> {
  const topo = json.modelTopology;
  if (Array.isArray(topo.node) || json.format === "graph-model") {
    throw new Error(`${label}: random-init needs a layers model; a graph model carries no initializers`);
  }
  const { topology } = seedInitializers(topo, seed);
  // Only the topology: with a weightsManifest, modelFromJSON would try to fetch the weights.
  const model = await tf.models.modelFromJSON({
    modelTopology: topology as tf.io.ModelArtifacts["modelTopology"],
  } as never);
  // The new model's own count, which includes nothing the manifest did not declare.
  const params = model.countParams();
  if (params !== declaredParams(json)) {
    model.dispose();
    throw new Error(
      `${label}: rebuilt model has ${params} weight values, manifest declares ${declaredParams(json)}`,
    );
  }
  return { kind: "layers", model, json, weightsHash: hashWeights(model), params };
}
