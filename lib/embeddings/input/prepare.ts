/**
 * Images (encoded bytes or raw grey pixels) into a model's input tensor layout: Float32Array NHWC
 * with the model's size, channels, channel order and value range, plus the mapping record of each
 * image and a batch summary for the report.
 *
 * Channels: grey -> RGB replicates the grey value into all three channels (exact copy);
 * RGB -> grey is ITU-R BT.601 luma Y' = 0.299 R' + 0.587 G' + 0.114 B' on the gamma-encoded sRGB
 * values (as PIL's convert('L') and OpenCV's cvtColor), kept in floating point.
 * Values: see preprocessing.ts (x = lo + (hi - lo) p / 255, then (x - mean) / std).
 */
import { DEFAULT_MAX_PIXELS, decodeToRgb, extensionMismatch, resizeGrey } from "./decode";
import { ImageInputError, type ImageInputErrorCode } from "./errors";
import { type MappingRecord, type MappingSummary, mappingRecord, summarizeMappings } from "./mapping";
import { type Preprocessing, validatePreprocessing, valueMap } from "./preprocessing";

/** ITU-R BT.601 luma weights (R, G, B). */
export const BT601 = [0.299, 0.587, 0.114] as const;

export interface PreparedImage {
  /** height x width x channels, row-major (HWC), ready to stack into NHWC. */
  pixels: Float32Array;
  mapping: MappingRecord;
}

export interface PrepareOptions {
  /** Refuse images whose header claims more pixels than this (default 40 Mpx). */
  maxPixels?: number;
}

/** RGB bytes (HWC, 3 channels) into the model's channels, order and value range. */
function mapRgb(rgb: Uint8Array, pre: Preprocessing, grey: boolean): Float32Array {
  const n = pre.width * pre.height;
  const { scale, offset } = valueMap(pre);
  const out = new Float32Array(n * pre.channels);
  if (pre.channels === 1) {
    const a = scale[0]!;
    const b = offset[0]!;
    for (let i = 0; i < n; i++) {
      // Grey content is copied, not re-weighted: 0.299 + 0.587 + 0.114 = 1 exactly in theory but
      // not in floating point, and a grey pixel must map to itself.
      const y = grey
        ? rgb[3 * i]!
        : BT601[0] * rgb[3 * i]! + BT601[1] * rgb[3 * i + 1]! + BT601[2] * rgb[3 * i + 2]!;
      out[i] = a * y + b;
    }
    return out;
  }
  const bgr = pre.channelOrder === "BGR";
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const src = bgr ? 2 - c : c;
      out[3 * i + c] = scale[c]! * rgb[3 * i + src]! + offset[c]!;
    }
  }
  return out;
}

function isGreyContent(rgb: Uint8Array): boolean {
  for (let i = 0; i < rgb.length; i += 3) {
    if (rgb[i] !== rgb[i + 1] || rgb[i] !== rgb[i + 2]) return false;
  }
  return true;
}

/**
 * Decodes one encoded image (PNG, JPEG, GIF, WebP, TIFF, AVIF; sniffed from the content) and maps
 * it into the model's input space. `label` is the path or id used in errors and the record.
 * Throws ImageInputError (empty | not-image | unsupported-format | corrupt | too-large).
 */
export async function prepareImage(
  bytes: Uint8Array,
  pre: Preprocessing,
  label = "image",
  options: PrepareOptions = {},
): Promise<PreparedImage> {
  validatePreprocessing(pre);
  const d = await decodeToRgb(bytes, label, pre, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  const storedGrey = d.channels === 1;
  const greyContent = !storedGrey && isGreyContent(d.rgb);
  const pixels = mapRgb(d.rgb, pre, storedGrey || greyContent);
  const mapping = mappingRecord({
    id: label,
    format: d.format,
    width: d.width,
    height: d.height,
    channels: d.channels,
    hasAlpha: d.hasAlpha,
    targetWidth: pre.width,
    targetHeight: pre.height,
    targetChannels: pre.channels,
    greyContent,
    transparencyLost: d.transparencyLost,
    reoriented: d.reoriented,
    extensionMismatch: extensionMismatch(label, d.format),
  });
  return { pixels, mapping };
}

/**
 * Raw 8-bit grey pixels (row-major, e.g. an MNIST 28x28 digit) into the model's input space
 * without an encode/decode round trip; resized with libvips only when the size differs.
 * Throws ImageInputError (bad-raw-pixels | too-large).
 */
export async function prepareGreyPixels(
  grey: Uint8Array,
  width: number,
  height: number,
  pre: Preprocessing,
  label = "image",
  options: PrepareOptions = {},
): Promise<PreparedImage> {
  validatePreprocessing(pre);
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw new ImageInputError(
      "bad-raw-pixels",
      label,
      `raw size must be positive integers, got ${width}x${height}`,
    );
  }
  if (grey.length !== width * height) {
    throw new ImageInputError(
      "bad-raw-pixels",
      label,
      `raw grey pixels have ${grey.length} values, expected ${width}x${height} = ${width * height}`,
    );
  }
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (width * height > maxPixels) {
    throw new ImageInputError(
      "too-large",
      label,
      `raw size ${width}x${height} is above the cap of ${maxPixels} px`,
    );
  }
  const same = width === pre.width && height === pre.height;
  const resized = same ? grey : await resizeGrey(grey, width, height, pre);
  const n = pre.width * pre.height;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const g = resized[i]!;
    rgb[3 * i] = g;
    rgb[3 * i + 1] = g;
    rgb[3 * i + 2] = g;
  }
  const pixels = mapRgb(rgb, pre, true);
  const mapping = mappingRecord({
    id: label,
    format: "raw-grey",
    width,
    height,
    channels: 1,
    hasAlpha: false,
    targetWidth: pre.width,
    targetHeight: pre.height,
    targetChannels: pre.channels,
    greyContent: false,
    transparencyLost: false,
    reoriented: false,
    extensionMismatch: null,
  });
  return { pixels, mapping };
}

/** One item of a batch: encoded bytes, or raw grey pixels with their size. */
export type BatchItem =
  | { id: string; bytes: Uint8Array }
  | { id: string; grey: Uint8Array; width: number; height: number };

export interface SkippedImage {
  /** Position in the input items. */
  index: number;
  id: string;
  code: ImageInputErrorCode;
  reason: string;
}

export interface PreparedBatch {
  /** ok.length x height x width x channels (NHWC), in the order of `ok`. */
  data: Float32Array;
  /** Indices (into the items) of the images that were mapped, ascending. */
  ok: number[];
  /** Mapping records, parallel to `ok`. */
  mappings: MappingRecord[];
  skipped: SkippedImage[];
  summary: MappingSummary;
}

export interface BatchOptions extends PrepareOptions {
  /** Images decoded at once (sharp runs them on libuv's thread pool). Default 4. */
  concurrency?: number;
}

/**
 * Maps a batch with bounded concurrency. An image that cannot be read (ImageInputError) is
 * skipped and listed with its reason; any other error is a bug and is rethrown.
 * Memory: the result holds N x h x w x c floats (600 MB for 1000 images at 224x224x3): callers
 * with large datasets pass chunks.
 */
export async function prepareBatch(
  items: readonly BatchItem[],
  pre: Preprocessing,
  options: BatchOptions = {},
): Promise<PreparedBatch> {
  validatePreprocessing(pre);
  const concurrency = options.concurrency ?? 4;
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new Error(`prepareBatch: concurrency must be an integer >= 1, got ${concurrency}`);
  }
  const per = pre.width * pre.height * pre.channels;
  const results: Array<PreparedImage | SkippedImage | undefined> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      try {
        results[index] =
          "bytes" in item
            ? await prepareImage(item.bytes, pre, item.id, options)
            : await prepareGreyPixels(item.grey, item.width, item.height, pre, item.id, options);
      } catch (e) {
        if (!(e instanceof ImageInputError)) throw e;
        results[index] = { index, id: item.id, code: e.code, reason: e.reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));

  const ok: number[] = [];
  const mappings: MappingRecord[] = [];
  const skipped: SkippedImage[] = [];
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if ("pixels" in r) {
      ok.push(i);
      mappings.push(r.mapping);
    } else skipped.push(r);
  }
  const data = new Float32Array(ok.length * per);
  ok.forEach((i, k) => {
    data.set((results[i] as PreparedImage).pixels, k * per);
  });
  return { data, ok, mappings, skipped, summary: summarizeMappings(mappings, skipped.length) };
}
