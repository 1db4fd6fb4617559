import { describe, expect, it } from "vitest";
import { NpyError, npyToFloat32Matrix, readNpy, writeNpy } from "./npy";

/**
 * Reference bytes written by numpy 1.24.2 (Debian python3-numpy) with `np.save(buf, a)`:
 *   F4 = np.array([[1.5, -2], [0.25, 3e38]], dtype='<f4')
 *   I8 = np.array([[1, -2, 3]], dtype='<i8')
 *   F8 = np.array([[0.1], [1e300]], dtype='<f8')
 *   I4 = np.array([[7, -8]], dtype='<i4')
 *   V2 = np.lib.format.write_array(buf, np.array([[1,2,3],[4,5,6]], dtype='<f4'), version=(2, 0))
 */
// 10 bytes (magic, version, length) + 59-char dict + 58 spaces + "\n" = 128, a multiple of 64.
const PAD = "20".repeat(58);
const head = (descr: string, shape: string, pad = PAD) =>
  `934e554d5059010076007b276465736372273a20273c${descr}272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a20${shape}2c207d${pad}0a`;
const F4 = `${head("6634", "28322c203229")}0000c03f000000c00000803ee6b1617f`;
const I8 = `${head("6938", "28312c203329")}0100000000000000feffffffffffffff0300000000000000`;
const F8 = `${head("6638", "28322c203129")}9a9999999999b93f9c7500883ce4377e`;
const I4 = `${head("6934", "28312c203229")}07000000f8ffffff`;
const V2 =
  "934e554d50590200740000007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d" +
  // 12 bytes (v2 length field is 4 bytes) + 59-char dict + 56 spaces + "\n" = 128.
  "20".repeat(56) +
  "0a0000803f0000004000004040000080400000a0400000c040";

const hex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));

describe("readNpy", () => {
  it("reads numpy's own files for the four dtypes", () => {
    const f4 = readNpy(hex(F4));
    expect(f4.dtype).toBe("float32");
    expect(f4.shape).toEqual([2, 2]);
    expect(Array.from(f4.data as Float32Array)).toEqual([1.5, -2, 0.25, Math.fround(3e38)]);
    const i8 = readNpy(hex(I8));
    expect(i8.shape).toEqual([1, 3]);
    expect(Array.from(i8.data as BigInt64Array)).toEqual([1n, -2n, 3n]);
    const f8 = readNpy(hex(F8));
    expect(Array.from(f8.data as Float64Array)).toEqual([0.1, 1e300]);
    const i4 = readNpy(hex(I4));
    expect(Array.from(i4.data as Int32Array)).toEqual([7, -8]);
    const v2 = readNpy(hex(V2));
    expect(v2.shape).toEqual([2, 3]);
    expect(Array.from(v2.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuses what it cannot read, saying why", () => {
    const bad = (bytes: Uint8Array, msg: string) => {
      expect(() => readNpy(bytes, "E.npy")).toThrow(NpyError);
      expect(() => readNpy(bytes, "E.npy")).toThrow(msg);
    };
    bad(new TextEncoder().encode("id,x\n1,2\n"), "E.npy: is not a .npy file");
    bad(hex(F4.replace("273c6634", "273e6634")), "dtype '>f4' is not supported (big-endian data");
    bad(hex(F4.replace("46616c7365", "5472756520")), "Fortran order");
    bad(hex(F4.slice(0, -2)), "holds 15 data bytes, but shape (2, 2) of <f4 needs 16 (truncated?)");
    bad(hex(`${F4}00`), "(trailing bytes?)");
    bad(hex(F4.replace("934e554d50590100", "934e554d50590300")), "format version 3.0");
  });
});

describe("writeNpy", () => {
  it("writes exactly numpy's bytes (v1.0, 64-byte aligned header)", () => {
    expect(
      Buffer.from(
        writeNpy({ dtype: "float32", shape: [2, 2], data: new Float32Array([1.5, -2, 0.25, 3e38]) }),
      ).toString("hex"),
    ).toBe(F4);
    expect(
      Buffer.from(
        writeNpy({ dtype: "int64", shape: [1, 3], data: new BigInt64Array([1n, -2n, 3n]) }),
      ).toString("hex"),
    ).toBe(I8);
    expect(
      Buffer.from(
        writeNpy({ dtype: "float64", shape: [2, 1], data: new Float64Array([0.1, 1e300]) }),
      ).toString("hex"),
    ).toBe(F8);
    expect(
      Buffer.from(writeNpy({ dtype: "int32", shape: [1, 2], data: new Int32Array([7, -8]) })).toString("hex"),
    ).toBe(I4);
  });

  it("round-trips a 1-D and an empty array, and refuses a shape that does not match", () => {
    const a = readNpy(writeNpy({ dtype: "float32", shape: [3], data: new Float32Array([1, 2, 3]) }));
    expect(a.shape).toEqual([3]);
    expect(readNpy(writeNpy({ dtype: "float32", shape: [0, 4], data: new Float32Array(0) })).shape).toEqual([
      0, 4,
    ]);
    expect(() => writeNpy({ dtype: "float32", shape: [2, 2], data: new Float32Array(3) })).toThrow(
      "data has 3 values, shape (2, 2) needs 4",
    );
    expect(() => writeNpy({ dtype: "float64", shape: [1], data: new Float32Array(1) as never })).toThrow(
      "needs a Float64Array",
    );
  });
});

describe("npyToFloat32Matrix", () => {
  it("converts int64 rows and refuses non-2-D or non-finite input", () => {
    const m = npyToFloat32Matrix(readNpy(hex(I8)));
    expect(m).toEqual({ rows: 1, cols: 3, data: new Float32Array([1, -2, 3]) });
    expect(() =>
      npyToFloat32Matrix(
        readNpy(writeNpy({ dtype: "float32", shape: [3], data: new Float32Array(3) })),
        "v.npy",
      ),
    ).toThrow("v.npy: has shape (3); embeddings need two dimensions");
    // 1e300 does not fit float32 (max 3.4e38): row 1, column 0.
    expect(() => npyToFloat32Matrix(readNpy(hex(F8)), "F.npy")).toThrow(
      "F.npy: row 1, column 0 (0-based) is 1e+300",
    );
  });
});
