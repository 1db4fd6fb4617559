/**
 * A dense row-major matrix of samples x features: the one shape every metric takes.
 * Embeddings arrive as float32; metrics that need precision copy into float64 themselves.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
}

export function matrix(rows: number, cols: number, data: Float32Array | Float64Array): Matrix {
  if (data.length !== rows * cols) {
    throw new Error(`matrix: data has ${data.length} values, expected ${rows} x ${cols} = ${rows * cols}`);
  }
  return { rows, cols, data };
}

/** Build a matrix from nested arrays (tests, small inputs). */
export function fromRows(rows: ReadonlyArray<ArrayLike<number>>): Matrix {
  const n = rows.length;
  const d = n === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(n * d);
  rows.forEach((r, i) => {
    if (r.length !== d) throw new Error(`fromRows: row ${i} has ${r.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) data[i * d + j] = r[j]!;
  });
  return { rows: n, cols: d, data };
}

export function row(m: Matrix, i: number): Float32Array | Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Select rows by index (copies). */
export function takeRows(m: Matrix, idx: ArrayLike<number>): Matrix {
  const out = new (m.data.constructor as Float64ArrayConstructor)(idx.length * m.cols);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k]!;
    out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return { rows: idx.length, cols: m.cols, data: out };
}

/** Stack two matrices with the same column count vertically. */
export function vstack(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.cols) throw new Error(`vstack: ${a.cols} columns vs ${b.cols} columns`);
  const out = new Float64Array((a.rows + b.rows) * a.cols);
  out.set(a.data, 0);
  out.set(b.data, a.rows * a.cols);
  return { rows: a.rows + b.rows, cols: a.cols, data: out };
}

/** Throws a clear error when any value is NaN or infinite. */
export function assertFinite(m: Matrix, name: string): void {
  for (let k = 0; k < m.data.length; k++) {
    if (!Number.isFinite(m.data[k]!)) {
      const i = Math.floor(k / m.cols);
      const j = k % m.cols;
      throw new Error(`${name}: non-finite value ${m.data[k]} at row ${i}, column ${j}`);
    }
  }
}
