/**
 * Decoding with sharp (libvips) into 8-bit sRGB at the model's input size, with the guards an
 * upload pipeline needs: the content is sniffed (never the extension), the header is read before
 * any pixel and a picture above the pixel cap is refused (a decompression bomb is a few hundred
 * bytes of PNG claiming 100000x100000), and libvips is told the same cap (`limitInputPixels`).
 *
 * Resampling is libvips `resize` with fit 'fill' (each axis scaled to the target, aspect ratio not
 * kept; a changed aspect ratio is warned about in the mapping record). Kernel 'linear' for
 * 'bilinear': bilinear interpolation when enlarging; when shrinking libvips widens the triangle
 * filter by the shrink factor (antialiased, like PIL's resize), so large photos do not alias.
 * Kernel 'nearest' for 'nearest'. EXIF orientation is applied first; the first page/frame of
 * multi-page images is used. 16-bit images are reduced to 8 bits; CMYK and ICC-tagged images are
 * converted to sRGB by libvips.
 */
import path from "node:path";
import type { Metadata, OutputInfo } from "sharp";
import sharp from "sharp";
import { ImageInputError } from "./errors";
import type { ResizeMethod } from "./preprocessing";
import {
  DECODABLE_FORMATS,
  extensionsFor,
  leadingBytes,
  type SniffedFormat,
  sniffImageFormat,
} from "./sniff";

/** Default pixel cap: 40 megapixels (a 7300x5500 photo is ~40 Mpx; MNIST is 784 px). */
export const DEFAULT_MAX_PIXELS = 40_000_000;

export interface DecodedImage {
  /** target height x width x 3, sRGB, 8-bit, alpha removed. */
  rgb: Uint8Array;
  format: SniffedFormat;
  /** Size after EXIF orientation, before resizing. */
  width: number;
  height: number;
  /** Stored colour channels without alpha (1 grey, 3 RGB, 4 CMYK). */
  channels: number;
  hasAlpha: boolean;
  transparencyLost: boolean;
  reoriented: boolean;
}

const KNOWN_IMAGE_EXTENSIONS = new Set(
  (
    ["png", "jpeg", "gif", "webp", "tiff", "avif", "heic", "bmp", "ico", "jp2", "jxl", "psd", "svg"] as const
  ).flatMap((f) => extensionsFor(f)),
);

/** The label's extension when it names an image format other than the sniffed one, else null. */
export function extensionMismatch(label: string, format: SniffedFormat): string | null {
  const ext = path.extname(label).toLowerCase();
  if (!KNOWN_IMAGE_EXTENSIONS.has(ext)) return null;
  if (format === "heic" && ext === ".avif") return null;
  return extensionsFor(format).includes(ext) ? null : ext;
}

function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 512);
  if (n === 0) return false;
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const x = b[i]!;
    if (x === 9 || x === 10 || x === 13 || (x >= 32 && x < 127) || x >= 128) printable++;
  }
  return printable / n > 0.95;
}

function sharpMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).trim().replace(/\s+/g, " ");
}

/** Sniffs, checks the header against the pixel cap and decodes+resizes to target x 3 channels. */
export async function decodeToRgb(
  bytes: Uint8Array,
  label: string,
  target: { width: number; height: number; resize: ResizeMethod },
  maxPixels: number = DEFAULT_MAX_PIXELS,
): Promise<DecodedImage> {
  if (!(Number.isInteger(maxPixels) && maxPixels > 0)) {
    throw new Error(`decodeToRgb: maxPixels must be a positive integer, got ${maxPixels}`);
  }
  if (bytes.length === 0) throw new ImageInputError("empty", label, "the file is empty (0 bytes)");
  const format = sniffImageFormat(bytes);
  if (format === null) {
    const what = looksLikeText(bytes) ? "text, not an image" : "not a recognised image format";
    throw new ImageInputError("not-image", label, `content is ${what} (first bytes: ${leadingBytes(bytes)})`);
  }
  if (!DECODABLE_FORMATS.has(format)) {
    throw new ImageInputError(
      "unsupported-format",
      label,
      `content is ${format}, which is not decoded (supported: ${[...DECODABLE_FORMATS].join(", ")})`,
    );
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  // Header only: libvips reads the dimensions without decoding pixels, so the cap is checked
  // before any image-sized allocation. The decode below repeats the cap inside libvips.
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false, failOn: "error" }).metadata();
  } catch (e) {
    throw new ImageInputError("corrupt", label, `cannot read the ${format} header: ${sharpMessage(e)}`);
  }
  const rawW = meta.width;
  const rawH = meta.height;
  if (!(rawW > 0 && rawH > 0)) {
    throw new ImageInputError("corrupt", label, `the ${format} header gives no valid size (${rawW}x${rawH})`);
  }
  if (rawW * rawH > maxPixels) {
    throw new ImageInputError(
      "too-large",
      label,
      `header claims ${rawW}x${rawH} = ${((rawW * rawH) / 1e6).toFixed(1)} Mpx, above the cap of ` +
        `${(maxPixels / 1e6).toFixed(1)} Mpx (refused before decoding)`,
    );
  }
  const orientation = meta.orientation ?? 1;
  const reoriented = orientation > 1 && orientation <= 8;
  const width = meta.autoOrient?.width ?? rawW;
  const height = meta.autoOrient?.height ?? rawH;
  const hasAlpha = meta.hasAlpha;
  const channels = meta.channels - (hasAlpha ? 1 : 0);

  let data: Buffer;
  let info: OutputInfo;
  try {
    ({ data, info } = await sharp(input, {
      limitInputPixels: maxPixels,
      failOn: "error",
      autoOrient: true,
      pages: 1,
    })
      .resize(target.width, target.height, {
        fit: "fill",
        kernel: target.resize === "nearest" ? "nearest" : "linear",
      })
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true }));
  } catch (e) {
    throw new ImageInputError("corrupt", label, `cannot decode the ${format} pixels: ${sharpMessage(e)}`);
  }
  if (info.width !== target.width || info.height !== target.height) {
    throw new Error(
      `decodeToRgb: libvips returned ${info.width}x${info.height} for ${label}, expected ${target.width}x${target.height}`,
    );
  }
  const n = target.width * target.height;
  const c = info.channels;
  const rgb = new Uint8Array(n * 3);
  let transparencyLost = false;
  if (c === 3 || c === 4) {
    for (let i = 0; i < n; i++) {
      rgb[3 * i] = data[c * i]!;
      rgb[3 * i + 1] = data[c * i + 1]!;
      rgb[3 * i + 2] = data[c * i + 2]!;
      if (c === 4 && data[c * i + 3]! < 255) transparencyLost = true;
    }
  } else if (c === 1 || c === 2) {
    for (let i = 0; i < n; i++) {
      const g = data[c * i]!;
      rgb[3 * i] = g;
      rgb[3 * i + 1] = g;
      rgb[3 * i + 2] = g;
      if (c === 2 && data[c * i + 1]! < 255) transparencyLost = true;
    }
  } else {
    throw new ImageInputError("unsupported-format", label, `decoded to ${c} channels, expected 1 to 4`);
  }
  return { rgb, format, width, height, channels, hasAlpha, transparencyLost, reoriented };
}

/** Resizes raw 8-bit grey pixels with libvips (no encode/decode round trip). */
export async function resizeGrey(
  grey: Uint8Array,
  width: number,
  height: number,
  target: { width: number; height: number; resize: ResizeMethod },
): Promise<Uint8Array> {
  const input = Buffer.from(grey.buffer, grey.byteOffset, grey.byteLength);
  const { data, info } = await sharp(input, { raw: { width, height, channels: 1 } })
    .resize(target.width, target.height, {
      fit: "fill",
      kernel: target.resize === "nearest" ? "nearest" : "linear",
    })
    .toColourspace("b-w")
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  const n = target.width * target.height;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = data[info.channels * i]!;
  return out;
}
