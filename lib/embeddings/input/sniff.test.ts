import { describe, expect, it } from "vitest";
import { extensionMismatch } from "./decode";
import { sniffImageFormat } from "./sniff";
import { greyPng, rgbJpeg } from "./test-images";

const bytes = (...xs: (number | string)[]) =>
  Uint8Array.from(xs.flatMap((x) => (typeof x === "string" ? [...x].map((c) => c.charCodeAt(0)) : [x])));

describe("sniffImageFormat", () => {
  it("recognises real PNG and JPEG output", async () => {
    expect(sniffImageFormat(await greyPng(new Uint8Array(4), 2, 2))).toBe("png");
    expect(sniffImageFormat(await rgbJpeg(new Uint8Array(12), 2, 2))).toBe("jpeg");
  });

  it("recognises the published signatures", () => {
    expect(sniffImageFormat(bytes("GIF89a", 1, 0))).toBe("gif");
    expect(sniffImageFormat(bytes("GIF87a", 1, 0))).toBe("gif");
    expect(sniffImageFormat(bytes("RIFF", 0, 0, 0, 0, "WEBPVP8 "))).toBe("webp");
    expect(sniffImageFormat(bytes("II", 0x2a, 0, 8, 0, 0, 0))).toBe("tiff");
    expect(sniffImageFormat(bytes("MM", 0, 0x2a, 0, 0, 0, 8))).toBe("tiff");
    expect(sniffImageFormat(bytes(0, 0, 0, 0x1c, "ftypavif", 0, 0, 0, 0, "mif1"))).toBe("avif");
    // An AVIF whose major brand is mif1 but lists avif among its compatible brands.
    expect(sniffImageFormat(bytes(0, 0, 0, 0x18, "ftypmif1", 0, 0, 0, 0, "avif"))).toBe("avif");
    expect(sniffImageFormat(bytes(0, 0, 0, 0x18, "ftypheic", 0, 0, 0, 0, "mif1"))).toBe("heic");
    expect(sniffImageFormat(bytes("%PDF-1.7\n"))).toBe("pdf");
    expect(sniffImageFormat(bytes("<?xml version='1.0'?>\n<svg width='1'>"))).toBe("svg");
  });

  it("returns null for text, HTML and random bytes", () => {
    expect(sniffImageFormat(bytes("hello, world"))).toBeNull();
    expect(sniffImageFormat(bytes("<!doctype html><html><body>404</body></html>"))).toBeNull();
    expect(sniffImageFormat(bytes(0x89, "PNX"))).toBeNull();
    expect(sniffImageFormat(new Uint8Array(0))).toBeNull();
  });
});

describe("extensionMismatch", () => {
  it("flags an image extension that names another format, ignores non-image names", () => {
    expect(extensionMismatch("a/b/cat.PNG", "jpeg")).toBe(".png");
    expect(extensionMismatch("cat.jpeg", "jpeg")).toBeNull();
    expect(extensionMismatch("cat.jfif", "jpeg")).toBeNull();
    expect(extensionMismatch("blob-123", "png")).toBeNull();
    expect(extensionMismatch("upload.bin", "png")).toBeNull();
  });
});
