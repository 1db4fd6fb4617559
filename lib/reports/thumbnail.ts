/**
 * Sample thumbnails for the report (farthest target samples and their source neighbours): the
 * stored image bytes decoded with sharp, fitted inside 96 x 96 px (never enlarged beyond 3x, so a
 * 28 px digit stays crisp at 84 px with nearest-neighbour scaling), re-encoded as PNG.
 */
import sharp from "sharp";

export const THUMBNAIL_MAX = 96;

export async function thumbnailPng(bytes: Uint8Array, size = THUMBNAIL_MAX): Promise<Buffer> {
  if (bytes.byteLength === 0) throw new Error("bytes: empty image");
  if (!(Number.isInteger(size) && size >= 8 && size <= THUMBNAIL_MAX)) {
    throw new Error(`size: must be an integer in 8..${THUMBNAIL_MAX}, got ${size}`);
  }
  const img = sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
    limitInputPixels: 40_000_000,
  });
  const meta = await img.metadata();
  const w = meta.width ?? size;
  const h = meta.height ?? size;
  // Small images grow by an integer factor at most 3 (pixel-exact), large ones shrink to fit.
  const grow = Math.max(1, Math.min(3, Math.floor(size / Math.max(w, h))));
  const target =
    w * grow <= size && h * grow <= size && grow > 1 ? { width: w * grow, height: h * grow } : null;
  const pipeline = target
    ? img.resize({ ...target, kernel: "nearest" })
    : img.resize({ width: size, height: size, fit: "inside", withoutEnlargement: true });
  return pipeline.png().toBuffer();
}
