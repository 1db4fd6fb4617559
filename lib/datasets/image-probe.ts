/**
 * Is this file an image we can use? Checked in increasing cost: zero bytes; the magic bytes
 * (never the file name: lib/embeddings/input/sniff.ts); then one full decode with sharp, whose
 * `limitInputPixels` refuses from the header, before any pixel is decoded, an image whose
 * width x height passes the cap (libvips reads lazily, so a truncated or damaged body only shows
 * when the pixels are read). The decoded pixels are dropped at once: only the original bytes are
 * stored. Only when the decode fails is the header read again, to say why.
 */
import sharp from "sharp";
import { DECODABLE_FORMATS, leadingBytes, sniffImageFormat } from "@/lib/embeddings/input/sniff";

export interface ProbedImage {
  ok: true;
  mime: string;
  width: number;
  height: number;
  channels: number;
}

export interface RejectedImage {
  ok: false;
  reason: string;
}

const MIME: Record<string, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  tiff: "image/tiff",
  avif: "image/avif",
  heic: "image/heic",
};

export async function probeImage(bytes: Uint8Array, maxPixels: number): Promise<ProbedImage | RejectedImage> {
  if (bytes.length === 0) return { ok: false, reason: "empty file (0 bytes)" };
  const format = sniffImageFormat(bytes);
  if (format === null) {
    return {
      ok: false,
      reason: `not an image: the content starts with bytes ${leadingBytes(bytes)}, no image signature`,
    };
  }
  if (!DECODABLE_FORMATS.has(format)) {
    return {
      ok: false,
      reason: `unsupported image format ${format.toUpperCase()} (use PNG, JPEG, GIF, WebP, TIFF or AVIF)`,
    };
  }
  try {
    // One decode: libvips reads the header first and refuses, before decoding, an image whose
    // width x height passes limitInputPixels; failOn "warning" (sharp's default, stated for the
    // reader) turns a truncated body into an error.
    const { info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: "warning" })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      mime: MIME[format] ?? "application/octet-stream",
      width: info.width,
      height: info.height,
      channels: info.channels,
    };
  } catch (e) {
    return { ok: false, reason: await explainFailure(bytes, format.toUpperCase(), maxPixels, e as Error) };
  }
}

/** Why the decode failed, in words: a header that cannot be read, a size over the cap, or damaged pixels. */
async function explainFailure(
  bytes: Uint8Array,
  format: string,
  maxPixels: number,
  decodeError: Error,
): Promise<string> {
  let width: number | undefined;
  let height: number | undefined;
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    width = meta.width;
    height = meta.height;
  } catch (e) {
    return `corrupt ${format}: the header cannot be read (${(e as Error).message})`;
  }
  if (!width || !height) return `corrupt ${format}: the header has no size`;
  if (width * height > maxPixels) {
    return `image is ${width}x${height} = ${width * height} pixels, over the limit of ${maxPixels} (maxImagePixels)`;
  }
  return `corrupt ${format}: the pixels cannot be decoded (${decodeError.message})`;
}
