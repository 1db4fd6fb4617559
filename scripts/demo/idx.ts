/**
 * The IDX format of LeCun's MNIST files (and Fashion-MNIST, which copies it): a big-endian
 * header, magic 0x00000801 (uint8 labels, 1 dimension) or 0x00000803 (uint8 images, 3
 * dimensions), one uint32 per dimension, then the bytes. Files may be gzip-compressed.
 * http://yann.lecun.com/exdb/mnist/ ("FILE FORMATS FOR THE MNIST DATABASE").
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export function parseIdx(bytes: Uint8Array, file = "file.idx"): IdxArray {
  const b = bytes[0] === 0x1f && bytes[1] === 0x8b ? new Uint8Array(gunzipSync(bytes)) : bytes;
  if (b.length < 4 || b[0] !== 0 || b[1] !== 0) throw new Error(`${file}: not an IDX file (bad magic)`);
  if (b[2] !== 0x08) throw new Error(`${file}: IDX type 0x${b[2]!.toString(16)} is not unsigned byte (0x08)`);
  const ndim = b[3]!;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const start = 4 + 4 * ndim;
  const size = dims.reduce((a, d) => a * d, 1);
  if (b.length - start !== size) {
    throw new Error(`${file}: ${b.length - start} data bytes, dims ${dims.join("x")} need ${size}`);
  }
  return { dims, data: b.subarray(start) };
}

export function readIdx(path: string): IdxArray {
  return parseIdx(new Uint8Array(readFileSync(path)), path);
}
