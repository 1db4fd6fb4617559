/**
 * Small images built in memory for the input-mapping tests (no fixture files): PNG/JPEG via sharp
 * from raw pixels, and hand-assembled PNG chunks for a decompression-bomb header.
 */
import { deflateSync } from "node:zlib";
import sharp from "sharp";

export async function greyPng(pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  return sharp(Buffer.from(pixels), { raw: { width, height, channels: 1 } })
    .toColourspace("b-w")
    .png()
    .toBuffer();
}

export async function rgbPng(pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  return sharp(Buffer.from(pixels), { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

export async function rgbaPng(pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  return sharp(Buffer.from(pixels), { raw: { width, height, channels: 4 } })
    .png()
    .toBuffer();
}

export async function rgbJpeg(pixels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  return sharp(Buffer.from(pixels), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** CRC-32 (ISO 3309, as PNG requires for each chunk). */
function crc32(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A well-formed PNG whose IHDR claims width x height (8-bit grey) with a tiny IDAT: what a
 * decompression bomb looks like from the header (zlib can expand ~1000:1, so a real one is a
 * few MB; the header alone is what must be refused).
 */
export function pngHeaderClaiming(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: grey
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.alloc(1024))),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
