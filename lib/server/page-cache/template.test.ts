import { randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32Combine, crc32Shift } from "./crc32-shift";
import { fillBody, fillGzip, fillHeaders, makeTemplate, nonceOfPolicy } from "./template";

const nonceA = "q7HfIbLG1TlDKwiCxfNQ3g==";
const nonceB = "NACD8Pk6Mp9fZtTSrxQdWQ==";

function page(nonce: string, filler: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`<!DOCTYPE html><html><head><script nonce="${nonce}">self.x=1</script></head><body>`),
    filler,
    Buffer.from(
      `<script nonce="${nonce}">self.__next_f.push([1,"{\\"nonce\\":\\"${nonce}\\"}"])</script></body></html>`,
    ),
  ]);
}

describe("crc32 combination", () => {
  it("equals zlib's CRC-32 of the concatenation (zlib.crc32 as the reference)", () => {
    for (const [la, lb] of [
      [0, 0],
      [1, 0],
      [0, 7],
      [13, 24],
      [1000, 65_537],
      [70_000, 1],
    ] as const) {
      const a = randomBytes(la);
      const b = randomBytes(lb);
      const combined = crc32Combine(zlib.crc32(a), zlib.crc32(b), crc32Shift(lb));
      expect(combined).toBe(zlib.crc32(Buffer.concat([a, b])));
    }
  });

  it("rejects a negative or fractional length", () => {
    expect(() => crc32Shift(-1)).toThrow(/whole number/);
    expect(() => crc32Shift(1.5)).toThrow(/whole number/);
  });
});

describe("page template", () => {
  // Incompressible filler larger than deflate's 32 KB window, and text that compresses.
  const filler = Buffer.concat([randomBytes(100_000), Buffer.from("<p>report</p>".repeat(5000))]);
  const rendered = page(nonceA, filler);
  const policy = `default-src 'self'; script-src 'self' 'nonce-${nonceA}' 'strict-dynamic'`;
  const t = makeTemplate(
    rendered,
    [
      ["content-security-policy", policy],
      ["content-type", "text/html"],
    ],
    nonceA,
  );

  it("finds the nonce in a Content-Security-Policy", () => {
    expect(nonceOfPolicy(policy)).toBe(nonceA);
    expect(nonceOfPolicy("default-src 'self'")).toBeNull();
  });

  it("filled with another nonce is byte for byte the page rendered with it", () => {
    expect(Buffer.concat(fillBody(t, nonceB)).equals(page(nonceB, filler))).toBe(true);
    expect(Buffer.concat(fillBody(t, nonceA)).equals(rendered)).toBe(true);
    expect(t.parts).toHaveLength(4);
  });

  it("puts the new nonce in the headers", () => {
    expect(fillHeaders(t, nonceB)).toEqual([
      ["content-security-policy", policy.replace(nonceA, nonceB)],
      ["content-type", "text/html"],
    ]);
  });

  it("gzip assembled from pre-deflated parts inflates to the page (zlib.gunzipSync checks CRC and length)", () => {
    const gz = Buffer.concat(fillGzip(t, nonceB));
    expect(zlib.gunzipSync(gz).equals(page(nonceB, filler))).toBe(true);
    // Compressed: the text half shrinks; the random half cannot.
    expect(gz.length).toBeLessThan(rendered.length * 0.7);
  });

  it("refuses a body without its nonce and a short nonce", () => {
    expect(() => makeTemplate(Buffer.from("<html></html>"), [], nonceA)).toThrow(
      /does not contain its nonce/,
    );
    expect(() => makeTemplate(rendered, [], "abc")).toThrow(/too short/);
  });
});
