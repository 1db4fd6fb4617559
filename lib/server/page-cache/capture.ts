/**
 * A copy of what a handler writes to a Node.js response, while it goes to the client as usual.
 */
import type { ServerResponse } from "node:http";

export interface Captured {
  status: number;
  headers: Array<[string, string | string[]]>;
  body: Buffer;
}

type Chunk = string | Uint8Array;

/** A copy of the chunk the writer cannot change afterwards (it may reuse its buffer). */
function ownCopy(chunk: Chunk, encoding: unknown): Buffer {
  if (typeof chunk === "string")
    return Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
  return Buffer.from(chunk);
}

/**
 * Tees `res`: resolves with the status, headers and body once the response has finished, or with
 * null when the client went away first or the body passed `maxBytes` (nothing worth keeping).
 */
export function captureResponse(res: ServerResponse, maxBytes: number): Promise<Captured | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let overflow = false;
  const keep = (chunk: unknown, encoding: unknown) => {
    if (overflow || chunk == null || typeof chunk === "function") return;
    const b = ownCopy(chunk as Chunk, encoding);
    bytes += b.length;
    if (bytes > maxBytes) {
      overflow = true;
      chunks.length = 0;
      return;
    }
    chunks.push(b);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    keep(chunk, encoding);
    return write(chunk, encoding, cb);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    keep(chunk, encoding);
    return end(chunk, encoding, cb);
  }) as typeof res.end;
  return new Promise((resolve) => {
    res.once("finish", () => {
      if (overflow) return resolve(null);
      const headers = Object.entries(res.getHeaders())
        .filter(([, v]) => v !== undefined)
        .map(([k, v]): [string, string | string[]] => [k, Array.isArray(v) ? v.map(String) : String(v)]);
      resolve({ status: res.statusCode, headers, body: Buffer.concat(chunks) });
    });
    res.once("close", () => {
      if (!res.writableFinished) resolve(null);
    });
  });
}
