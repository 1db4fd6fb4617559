/**
 * A rendered page as a template around its CSP nonce.
 *
 * Next.js stamps the request's nonce on every inline script and the Content-Security-Policy header
 * names it, so a cached page can only be replayed with a fresh nonce put back in each of those
 * places. A template is the page split at every occurrence of the nonce it was rendered with (a
 * 128-bit random string: it occurs nowhere else); filling it with another nonce gives exactly the
 * page Next.js would have rendered with that nonce.
 *
 * Compressed replay without compressing per request: each part is deflated once, on its own, and
 * ended with a sync flush (so it stops on a byte boundary and refers to no byte before it). A gzip
 * member is then the header, the deflated parts with the nonce between them (as stored blocks),
 * an empty final block, and the CRC-32 and length of the whole (RFC 1952). The CRC is combined from
 * the parts' CRCs, computed once (crc32-shift.ts), and the nonce's: per request only the nonce's
 * 24 bytes are read.
 */
import zlib from "node:zlib";
import { crc32Combine, crc32Shift, type Gf2Matrix } from "./crc32-shift";

export interface PageTemplate {
  /** The body split at the nonce: parts.join(nonce) is the page. */
  parts: Buffer[];
  /** Each part as raw deflate data ending in a sync flush. */
  deflated: Buffer[];
  /** CRC-32 of each part, and the shift operator for its length (to combine CRCs). */
  crcs: number[];
  shifts: Gf2Matrix[];
  /** Response headers as rendered; fillHeaders puts the new nonce in place of `renderedWith`. */
  headers: Array<[name: string, value: string | string[]]>;
  /** The nonce the page was rendered with (already sent to that request's client: not a secret). */
  renderedWith: string;
  /** Bytes held (parts + deflated), for the cache's size bound. */
  size: number;
}

/** The nonce in a Content-Security-Policy header value ("'nonce-…'"), or null. */
export function nonceOfPolicy(policy: string): string | null {
  return /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(policy)?.[1] ?? null;
}

function splitBuffer(body: Buffer, needle: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(needle, from); at !== -1; at = body.indexOf(needle, from)) {
    parts.push(body.subarray(from, at));
    from = at + needle.length;
  }
  parts.push(body.subarray(from));
  return parts;
}

function deflatePart(part: Buffer): Buffer {
  return zlib.deflateRawSync(part, { level: 6, finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

/**
 * The template of a page rendered with `nonce`. Throws when the nonce is not in the body: such a
 * page has no inline script to protect, but it is also not what the caller thought it captured.
 */
export function makeTemplate(
  body: Buffer,
  headers: Array<[string, string | string[]]>,
  nonce: string,
): PageTemplate {
  if (nonce.length < 16)
    throw new Error(`page template: nonce too short to split on safely (${nonce.length})`);
  const parts = splitBuffer(body, Buffer.from(nonce, "utf8"));
  if (parts.length < 2) throw new Error("page template: the rendered page does not contain its nonce");
  // Copies, so the template does not pin the captured chunks' larger buffers.
  const owned = parts.map((p) => Buffer.from(p));
  const deflated = owned.map(deflatePart);
  const crcs = owned.map((p) => zlib.crc32(p));
  const shifts = owned.map((p) => crc32Shift(p.length));
  const size = owned.reduce((s, p) => s + p.length, 0) + deflated.reduce((s, p) => s + p.length, 0);
  return {
    parts: owned,
    deflated,
    crcs,
    shifts,
    headers: headers.map(([k, v]) => [k, v]),
    renderedWith: nonce,
    size,
  };
}

/** The headers with `nonce` put where the rendering nonce was. */
export function fillHeaders(t: PageTemplate, nonce: string): Array<[string, string | string[]]> {
  const fill = (v: string) => v.split(t.renderedWith).join(nonce);
  return t.headers.map(([k, v]) => [k, Array.isArray(v) ? v.map(fill) : fill(v)]);
}

/** The page with `nonce`, uncompressed, as chunks to write in order. */
export function fillBody(t: PageTemplate, nonce: string): Buffer[] {
  const n = Buffer.from(nonce, "utf8");
  const chunks: Buffer[] = [];
  t.parts.forEach((p, i) => {
    if (i > 0) chunks.push(n);
    chunks.push(p);
  });
  return chunks;
}

// RFC 1952 member header: ID1 ID2, CM = 8 (deflate), no flags, no mtime, XFL 0, OS 255 (unknown).
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
// A final, empty fixed-Huffman block: BFINAL = 1, BTYPE = 01, end-of-block code. Bits 1,1,0 then
// seven zero bits, packed LSB first: 0x03 0x00.
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

/**
 * `bytes` as one stored (uncompressed) deflate block, not final. Starts on a byte boundary, as
 * every part's data ends with a sync flush: header bits BFINAL = 0, BTYPE = 00, padded to the byte,
 * then LEN and its one's complement NLEN (little-endian) and the bytes (RFC 1951, 3.2.4).
 */
function storedBlock(bytes: Buffer): Buffer {
  if (bytes.length > 0xffff) throw new Error("stored block: more than 65535 bytes");
  const head = Buffer.alloc(5);
  head[0] = 0;
  head.writeUInt16LE(bytes.length, 1);
  head.writeUInt16LE(~bytes.length & 0xffff, 3);
  return Buffer.concat([head, bytes]);
}

/** The page with `nonce` as the chunks of one gzip member (write them in order). */
export function fillGzip(t: PageTemplate, nonce: string): Buffer[] {
  const n = Buffer.from(nonce, "utf8");
  const block = storedBlock(n);
  const nonceCrc = zlib.crc32(n);
  const nonceShift = shiftFor(n.length);
  const chunks: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let length = 0;
  t.deflated.forEach((d, i) => {
    if (i > 0) {
      chunks.push(block);
      crc = crc32Combine(crc, nonceCrc, nonceShift);
      length += n.length;
    }
    chunks.push(d);
    crc = crc32Combine(crc, t.crcs[i]!, t.shifts[i]!);
    length += t.parts[i]!.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length >>> 0, 4);
  chunks.push(FINAL_BLOCK, trailer);
  return chunks;
}

// Nonces have one length (24 characters); its shift operator is computed once.
const shifts = new Map<number, Gf2Matrix>();
function shiftFor(bytes: number): Gf2Matrix {
  let m = shifts.get(bytes);
  if (!m) {
    m = crc32Shift(bytes);
    shifts.set(bytes, m);
  }
  return m;
}
