/**
 * What a model expects at its input, and the per-pixel value mapping from 8-bit pixels into it.
 *
 * Value mapping, per output channel c (after channel order is applied), for an 8-bit pixel p:
 *   x = lo + (hi - lo) * p / 255            (range [lo, hi]: [0,1], [-1,1], [0,255], ...)
 *   x = (x - mean[c]) / std[c]              (only when mean/std are given; in the units of `range`)
 * so torchvision's ImageNet statistics are range [0,1], mean [0.485,0.456,0.406],
 * std [0.229,0.224,0.225], and Caffe-style models are range [0,255], BGR, mean [103.939,116.779,123.68],
 * std [1,1,1].
 */

export type ResizeMethod = "bilinear" | "nearest";
export type ChannelOrder = "RGB" | "BGR";

export interface Preprocessing {
  /** Model input height in pixels. */
  height: number;
  /** Model input width in pixels. */
  width: number;
  /** 1 = grey, 3 = colour. */
  channels: 1 | 3;
  /** Value of pixel 0 and pixel 255 after mapping (before mean/std). */
  range: [number, number];
  /** Per-channel mean subtracted after the range mapping, in output channel order; null = none. */
  mean?: number[] | null;
  /** Per-channel divisor applied after the mean; null = none. */
  std?: number[] | null;
  /** Interpolation used to reach height x width. */
  resize: ResizeMethod;
  /** Order of the three colour channels in the output (ignored for channels = 1). */
  channelOrder: ChannelOrder;
}

/** Largest input side we accept for a model; guards against a typo allocating gigabytes. */
const MAX_SIDE = 4096;

/** Throws an Error naming the field when `pre` is not usable. Returns it unchanged otherwise. */
export function validatePreprocessing(pre: Preprocessing): Preprocessing {
  for (const key of ["height", "width"] as const) {
    const v = pre[key];
    if (!Number.isInteger(v) || v < 1 || v > MAX_SIDE) {
      throw new Error(`preprocessing.${key} must be an integer in 1..${MAX_SIDE}, got ${v}`);
    }
  }
  if (pre.channels !== 1 && pre.channels !== 3) {
    throw new Error(`preprocessing.channels must be 1 or 3, got ${String(pre.channels)}`);
  }
  if (!Array.isArray(pre.range) || pre.range.length !== 2) {
    throw new Error("preprocessing.range must be a pair [lo, hi]");
  }
  const [lo, hi] = pre.range;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) {
    throw new Error(`preprocessing.range must be two different finite numbers, got [${lo}, ${hi}]`);
  }
  const hasMean = pre.mean !== undefined && pre.mean !== null;
  const hasStd = pre.std !== undefined && pre.std !== null;
  if (hasMean !== hasStd) throw new Error("preprocessing.mean and preprocessing.std must be given together");
  if (hasMean && pre.mean && pre.std) {
    if (pre.mean.length !== pre.channels) {
      throw new Error(
        `preprocessing.mean has ${pre.mean.length} values, expected ${pre.channels} (channels)`,
      );
    }
    if (pre.std.length !== pre.channels) {
      throw new Error(`preprocessing.std has ${pre.std.length} values, expected ${pre.channels} (channels)`);
    }
    pre.mean.forEach((m, c) => {
      if (!Number.isFinite(m)) throw new Error(`preprocessing.mean[${c}] is ${m}, not finite`);
    });
    pre.std.forEach((s, c) => {
      if (!Number.isFinite(s) || s <= 0)
        throw new Error(`preprocessing.std[${c}] is ${s}, must be finite and > 0`);
    });
  }
  if (pre.resize !== "bilinear" && pre.resize !== "nearest") {
    throw new Error(`preprocessing.resize must be 'bilinear' or 'nearest', got ${String(pre.resize)}`);
  }
  if (pre.channelOrder !== "RGB" && pre.channelOrder !== "BGR") {
    throw new Error(`preprocessing.channelOrder must be 'RGB' or 'BGR', got ${String(pre.channelOrder)}`);
  }
  return pre;
}

/**
 * Per-channel affine map x = a[c] * p + b[c] equivalent to the range then mean/std steps above,
 * precomputed once per batch: a = (hi - lo) / (255 * std), b = (lo - mean) / std.
 */
export function valueMap(pre: Preprocessing): { scale: Float64Array; offset: Float64Array } {
  const [lo, hi] = pre.range;
  const scale = new Float64Array(pre.channels);
  const offset = new Float64Array(pre.channels);
  for (let c = 0; c < pre.channels; c++) {
    const m = pre.mean?.[c] ?? 0;
    const s = pre.std?.[c] ?? 1;
    scale[c] = (hi - lo) / 255 / s;
    offset[c] = (lo - m) / s;
  }
  return { scale, offset };
}
