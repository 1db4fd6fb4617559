/**
 * Image format from the content's leading bytes (its "magic number"), never from the file name:
 * an upload called cat.png may be a JPEG, a text file or an HTML error page.
 * Signatures: PNG (RFC 2083 sec. 3.1), JPEG SOI FF D8 FF, GIF87a/GIF89a, RIFF....WEBP, TIFF II*\0 /
 * MM\0*, ISO-BMFF `ftyp` box with an AVIF/HEIF brand, BMP "BM", ICO 00 00 01 00, PDF "%PDF",
 * JPEG 2000 (jP signature box / codestream FF 4F FF 51), JPEG XL (FF 0A / container), PSD "8BPS",
 * and SVG/XML by an `<svg` tag near the start.
 */
export type SniffedFormat =
  | "png"
  | "jpeg"
  | "gif"
  | "webp"
  | "tiff"
  | "avif"
  | "heic"
  | "bmp"
  | "ico"
  | "pdf"
  | "jp2"
  | "jxl"
  | "psd"
  | "svg";

/**
 * Formats prepareImage decodes (through sharp/libvips). SVG is excluded on purpose: it is a
 * program (it may reference external files and render anything), not pixels. HEIC (HEVC-coded
 * HEIF) is excluded because sharp's prebuilt libvips carries only the AV1 (AVIF) decoder.
 */
export const DECODABLE_FORMATS: ReadonlySet<SniffedFormat> = new Set([
  "png",
  "jpeg",
  "gif",
  "webp",
  "tiff",
  "avif",
]);

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

function ascii(b: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < Math.min(to, b.length); i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** The format the bytes claim to be, or null when no known image signature matches. */
export function sniffImageFormat(b: Uint8Array): SniffedFormat | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(b, [0xff, 0xd8, 0xff])) return "jpeg";
  const head6 = ascii(b, 0, 6);
  if (head6 === "GIF87a" || head6 === "GIF89a") return "gif";
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return "webp";
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return "tiff";
  if (ascii(b, 4, 8) === "ftyp") {
    // ISO-BMFF: major brand at 8, then minor version, then compatible brands up to the box size.
    const boxSize = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    const brands = [ascii(b, 8, 12)];
    for (let at = 16; at + 4 <= Math.min(boxSize, b.length, 256); at += 4) brands.push(ascii(b, at, at + 4));
    if (brands.some((x) => x === "avif" || x === "avis")) return "avif";
    if (brands.some((x) => ["heic", "heix", "hevc", "hevx", "mif1", "msf1", "heim", "heis"].includes(x))) {
      return "heic";
    }
    return null;
  }
  if (
    startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20]) ||
    startsWith(b, [0xff, 0x4f, 0xff, 0x51])
  ) {
    return "jp2";
  }
  if (startsWith(b, [0xff, 0x0a]) || startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20]))
    return "jxl";
  if (ascii(b, 0, 4) === "%PDF") return "pdf";
  if (ascii(b, 0, 4) === "8BPS") return "psd";
  if (ascii(b, 0, 2) === "BM" && b.length >= 26) return "bmp";
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00]) && b.length >= 6) return "ico";
  // SVG: text, optionally behind a BOM, an XML declaration, comments or a doctype.
  const text = ascii(b, 0, 1024)
    .replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, "")
    .trimStart();
  if (text.startsWith("<") && /<svg[\s>]/i.test(text)) return "svg";
  return null;
}

/** The file extension a sniffed format is usually stored under (for mismatch warnings). */
export function extensionsFor(format: SniffedFormat): readonly string[] {
  switch (format) {
    case "jpeg":
      return [".jpg", ".jpeg", ".jpe", ".jfif"];
    case "tiff":
      return [".tif", ".tiff"];
    case "heic":
      return [".heic", ".heif"];
    case "jp2":
      return [".jp2", ".j2k", ".jpf", ".jpx"];
    default:
      return [`.${format}`];
  }
}

/** A short printable preview of the leading bytes, for an error message. */
export function leadingBytes(b: Uint8Array, n = 8): string {
  return Array.from(b.subarray(0, n), (x) => x.toString(16).padStart(2, "0")).join(" ");
}
