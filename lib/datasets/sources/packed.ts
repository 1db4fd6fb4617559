/**
 * Raw 8-bit pixels packed back to back (count x height x width x channels, row-major, channels
 * interleaved) as an image source: the committed demo datasets. Each image becomes a PNG sample
 * (encoded with sharp) when read. Its recognition hash covers the raw pixels and their shape, not
 * the PNG bytes, so a different zlib in a newer sharp does not turn a demo into a "new" dataset.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";
import type { ImageSource, SourceEntry } from "./types";

export interface PackedPixels {
  pixels: Uint8Array;
  width: number;
  height: number;
  /** 1 (grey), 3 (RGB) or 4 (RGBA). */
  channels: 1 | 3 | 4;
  /** One name per image (the manifest's file column refers to them). */
  names: readonly string[];
}

export function openPackedSource(packed: PackedPixels, displayName: string): ImageSource {
  const { pixels, width, height, channels, names } = packed;
  for (const [k, v] of Object.entries({ width, height })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`packed.${k} must be a positive integer, got ${v}`);
  }
  if (![1, 3, 4].includes(channels)) throw new Error(`packed.channels must be 1, 3 or 4, got ${channels}`);
  const size = width * height * channels;
  if (pixels.length !== names.length * size) {
    throw new Error(
      `packed.pixels holds ${pixels.length} bytes, but ${names.length} names x ${width}x${height}x${channels} = ${names.length * size}`,
    );
  }
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (index.has(n)) throw new Error(`packed.names has "${n}" twice`);
    index.set(n, i);
  });
  const entries: SourceEntry[] = names
    .map((n) => ({ path: n, size }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const view = (p: string): Uint8Array => {
    const i = index.get(p);
    if (i === undefined) throw new Error(`packed source: no image "${p}"`);
    return pixels.subarray(i * size, (i + 1) * size);
  };
  return {
    name: displayName,
    entries,
    async sourceHash(p) {
      return createHash("sha256")
        .update(`raw:${width}x${height}x${channels}\n`)
        .update(view(p))
        .digest("hex");
    },
    async readContent(p) {
      const png = await sharp(view(p), { raw: { width, height, channels } })
        // Fixed encoder settings: the same pixels always give the same PNG bytes with one libvips.
        .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
        .toBuffer();
      return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
    },
    knownImage() {
      return { mime: "image/png", width, height, channels };
    },
    async close() {},
  };
}
