/**
 * Feature vectors as stored in `samples.content`: float32, little-endian, one value per feature
 * column in `datasets.featureColumns` order (embedding datasets: one per dimension). Written
 * through a DataView so the byte order does not depend on the machine.
 */
export function encodeFloat32LE(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return out;
}

export function decodeFloat32LE(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0)
    throw new Error(`decodeFloat32LE: ${bytes.byteLength} bytes is not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
