/**
 * A small strict reader and writer of NumPy's `.npy` format, versions 1.0 and 2.0 (NEP 1,
 * numpy/lib/format.py): the 6-byte magic "\x93NUMPY", major and minor version bytes, a header
 * length (uint16 LE in v1, uint32 LE in v2), an ASCII Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (N, D), }` padded with spaces and a final
 * "\n" so the data starts at a multiple of 64 bytes, then the data in C order.
 *
 * Supported: little-endian float32 (<f4), float64 (<f8), int32 (<i4), int64 (<i8), C order.
 * Anything else (big-endian, Fortran order, object arrays, pickles, trailing bytes) is refused
 * with a message saying what to change; nothing is guessed.
 */

export type NpyDtype = "float32" | "float64" | "int32" | "int64";

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | BigInt64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;

const DESCR: Record<string, { dtype: NpyDtype; size: number }> = {
  "<f4": { dtype: "float32", size: 4 },
  "<f8": { dtype: "float64", size: 8 },
  "<i4": { dtype: "int32", size: 4 },
  "<i8": { dtype: "int64", size: 8 },
};
const DESCR_OF: Record<NpyDtype, string> = { float32: "<f4", float64: "<f8", int32: "<i4", int64: "<i8" };

export class NpyError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "NpyError";
  }
}

function parseHeader(file: string, header: string): { descr: string; fortran: boolean; shape: number[] } {
  const h = header.trim();
  if (!h.startsWith("{") || !h.endsWith("}"))
    throw new NpyError(file, `the header is not a dict literal: ${JSON.stringify(h.slice(0, 80))}`);
  let rest = h.slice(1, -1);
  const take = (key: string, value: string): string => {
    const re = new RegExp(`'${key}'\\s*:\\s*(${value})\\s*,?`);
    const m = re.exec(rest);
    if (!m) throw new NpyError(file, `the header has no valid '${key}' entry: ${JSON.stringify(h)}`);
    rest = rest.slice(0, m.index) + rest.slice(m.index + m[0].length);
    return m[1]!;
  };
  const descr = take("descr", "'[^']*'").slice(1, -1);
  const fortran = take("fortran_order", "True|False") === "True";
  const shapeText = take("shape", "\\([^)]*\\)");
  if (rest.trim() !== "")
    throw new NpyError(file, `the header has unexpected entries: ${JSON.stringify(rest.trim())}`);
  const inner = shapeText.slice(1, -1).trim();
  const shape =
    inner === ""
      ? []
      : inner
          .split(",")
          .map((s) => s.trim())
          .filter((s, i, all) => !(s === "" && i === all.length - 1))
          .map((s) => {
            if (!/^\d+$/.test(s))
              throw new NpyError(
                file,
                `the shape ${shapeText} has a dimension "${s}" that is not a non-negative integer`,
              );
            return Number(s);
          });
  return { descr, fortran, shape };
}

/** Parses a `.npy` file's bytes. `file` names it in errors. */
export function readNpy(bytes: Uint8Array, file = "array.npy"): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyError(file, "is not a .npy file: it does not start with \\x93NUMPY");
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2) {
    if (bytes.length < 12) throw new NpyError(file, "is truncated inside its header");
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new NpyError(
      file,
      `has format version ${major}.${minor}; only 1.0 and 2.0 are read (save with numpy.save)`,
    );
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length)
    throw new NpyError(file, `is truncated: the header claims ${headerLen} bytes`);
  const headerBytes = bytes.subarray(headerStart, dataStart);
  if (headerBytes.some((b) => b > 0x7e)) throw new NpyError(file, "the header is not ASCII");
  const { descr, fortran, shape } = parseHeader(file, new TextDecoder("latin1").decode(headerBytes));
  const kind = DESCR[descr];
  if (!kind) {
    const hint = descr.startsWith(">")
      ? "big-endian data: convert with arr.astype(arr.dtype.newbyteorder('<'))"
      : "use float32, float64, int32 or int64 (arr.astype('float32'))";
    throw new NpyError(file, `dtype '${descr}' is not supported (${hint})`);
  }
  if (fortran) throw new NpyError(file, "is in Fortran order: save numpy.ascontiguousarray(arr) instead");
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * kind.size;
  const actual = bytes.length - dataStart;
  if (actual !== expected) {
    throw new NpyError(
      file,
      `holds ${actual} data bytes, but shape (${shape.join(", ")}) of ${descr} needs ${expected}` +
        (actual < expected ? " (truncated?)" : " (trailing bytes?)"),
    );
  }
  // Copy: the data offset is 64-aligned in the file but not necessarily in memory.
  const copy = bytes.slice(dataStart, dataStart + expected).buffer;
  const data =
    kind.dtype === "float32"
      ? new Float32Array(copy)
      : kind.dtype === "float64"
        ? new Float64Array(copy)
        : kind.dtype === "int32"
          ? new Int32Array(copy)
          : new BigInt64Array(copy);
  if (!isLittleEndianHost()) throw new Error("readNpy: big-endian hosts are not supported");
  return { dtype: kind.dtype, shape, data };
}

function isLittleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** The shape as numpy's repr writes it: (3,) for one dimension, () for a scalar. */
function shapeRepr(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(", ")})`;
}

/** Serialises an array as numpy.save does (byte-identical for these dtypes): v1.0, or v2.0 when the header needs it. */
export function writeNpy(array: NpyArray): Uint8Array {
  const { dtype, shape, data } = array;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new Error(`writeNpy: shape has ${d}, not a non-negative integer`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count)
    throw new Error(`writeNpy: data has ${data.length} values, shape (${shape.join(", ")}) needs ${count}`);
  const expectedType = {
    float32: Float32Array,
    float64: Float64Array,
    int32: Int32Array,
    int64: BigInt64Array,
  }[dtype];
  if (!(data instanceof expectedType))
    throw new Error(`writeNpy: dtype ${dtype} needs a ${expectedType.name}`);
  if (!isLittleEndianHost()) throw new Error("writeNpy: big-endian hosts are not supported");
  const dict = `{'descr': '${DESCR_OF[dtype]}', 'fortran_order': False, 'shape': ${shapeRepr(shape)}, }`;
  let major = 1;
  let lenBytes = 2;
  // numpy pads so 6 (magic) + 2 (version) + len field + header (with "\n") is a multiple of 64.
  let pad = ALIGN - ((MAGIC.length + 2 + lenBytes + dict.length + 1) % ALIGN);
  if (pad === ALIGN) pad = 0;
  let headerLen = dict.length + pad + 1;
  if (headerLen > 0xffff) {
    major = 2;
    lenBytes = 4;
    pad = ALIGN - ((MAGIC.length + 2 + lenBytes + dict.length + 1) % ALIGN);
    if (pad === ALIGN) pad = 0;
    headerLen = dict.length + pad + 1;
  }
  const dataStart = MAGIC.length + 2 + lenBytes + headerLen;
  const out = new Uint8Array(dataStart + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = major;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, headerLen, true);
  else view.setUint32(8, headerLen, true);
  const header = `${dict}${" ".repeat(pad)}\n`;
  for (let i = 0; i < header.length; i++) out[MAGIC.length + 2 + lenBytes + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), dataStart);
  return out;
}

/**
 * A 2-D array [N, D] as float32 rows, for embeddings. Converts float64 and integers, refusing
 * values that are not finite or do not fit float32 (naming row and column).
 */
export function npyToFloat32Matrix(
  array: NpyArray,
  file = "array.npy",
): { rows: number; cols: number; data: Float32Array } {
  if (array.shape.length !== 2) {
    throw new NpyError(
      file,
      `has shape (${array.shape.join(", ")}); embeddings need two dimensions [N samples, D features]`,
    );
  }
  const [rows, cols] = array.shape as [number, number];
  if (rows === 0 || cols === 0) throw new NpyError(file, `has shape (${rows}, ${cols}): no values`);
  const out = new Float32Array(rows * cols);
  const src = array.data;
  for (let i = 0; i < out.length; i++) {
    const v = typeof src[i] === "bigint" ? Number(src[i] as bigint) : (src[i] as number);
    if (!Number.isFinite(v) || Math.abs(v) > 3.4028234663852886e38) {
      throw new NpyError(
        file,
        `row ${Math.floor(i / cols)}, column ${i % cols} (0-based) is ${String(src[i])}: embeddings must be finite float32 values`,
      );
    }
    out[i] = v;
  }
  return { rows, cols, data: out };
}
