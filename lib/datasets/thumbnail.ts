/**
 * A small PNG of a stored image sample for the dataset page (the stored bytes may be a 12-megapixel
 * JPEG). Fits inside maxSide x maxSide keeping the aspect ratio, never enlarges, honours the EXIF
 * orientation; nearest-neighbour for images already small (28x28 digits stay crisp).
 */
import sharp from "sharp";

export async function thumbnailPng(content: Uint8Array, maxSide = 96): Promise<Uint8Array> {
  if (!Number.isInteger(maxSide) || maxSide < 1 || maxSide > 1024) {
    throw new Error(`thumbnailPng: maxSide must be an integer in 1..1024, got ${maxSide}`);
  }
  const img = sharp(content, { limitInputPixels: 100_000_000 }).rotate();
  const meta = await img.metadata();
  const small = (meta.width ?? 0) <= maxSide && (meta.height ?? 0) <= maxSide;
  const out = await img
    .resize(maxSide, maxSide, {
      fit: "inside",
      withoutEnlargement: true,
      kernel: small ? "nearest" : "lanczos3",
    })
    .png()
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
