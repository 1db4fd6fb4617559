/**
 * CRC-32 (the gzip / zlib polynomial, reflected 0xEDB88320) of a concatenation from the CRCs of
 * its pieces, the way zlib's crc32_combine works: appending n bytes to a message multiplies its
 * CRC register by x^(8n) modulo the polynomial, a linear map over GF(2) that a 32 x 32 bit matrix
 * represents. Here the matrix for each fixed length is computed once, so combining costs 32 XORs
 * at most: crc(A ‖ B) = shift(len B) · crc(A) XOR crc(B).
 *
 * Reference: zlib's crc32.c (gf2_matrix_times / gf2_matrix_square); checked against zlib.crc32 of
 * the concatenated bytes in the tests.
 */

/** A 32 x 32 matrix over GF(2), as its 32 columns. */
export type Gf2Matrix = Uint32Array;

function times(mat: Gf2Matrix, vec: number): number {
  let sum = 0;
  let v = vec >>> 0;
  for (let i = 0; v !== 0; i++, v >>>= 1) if (v & 1) sum ^= mat[i]!;
  return sum >>> 0;
}

function compose(a: Gf2Matrix, b: Gf2Matrix): Gf2Matrix {
  // (a ∘ b) applied to a vector is a(b(v)); its columns are a applied to b's columns.
  const out = new Uint32Array(32);
  for (let n = 0; n < 32; n++) out[n] = times(a, b[n]!);
  return out;
}

function identity(): Gf2Matrix {
  const m = new Uint32Array(32);
  for (let n = 0; n < 32; n++) m[n] = (1 << n) >>> 0;
  return m;
}

/** The operator that appends `bytes` zero bytes' worth of shift to a CRC register. */
export function crc32Shift(bytes: number): Gf2Matrix {
  if (!Number.isInteger(bytes) || bytes < 0)
    throw new Error(`crc32Shift: bytes must be a whole number >= 0, got ${bytes}`);
  // One zero bit: the reflected CRC shifts right, folding the polynomial in when bit 0 was set.
  let power: Gf2Matrix = new Uint32Array(32);
  power[0] = 0xedb88320;
  for (let n = 1; n < 32; n++) power[n] = (1 << (n - 1)) >>> 0;
  // Square three times: one zero byte (8 bits).
  for (let k = 0; k < 3; k++) power = compose(power, power);
  let result: Gf2Matrix = identity();
  for (let n = bytes; n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) result = compose(power, result);
    if (n > 1) power = compose(power, power);
  }
  return result;
}

/** crc(A ‖ B) from crc(A), crc(B) and the shift for B's length. */
export function crc32Combine(crcA: number, crcB: number, shiftB: Gf2Matrix): number {
  return (times(shiftB, crcA) ^ crcB) >>> 0;
}
