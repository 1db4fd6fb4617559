/**
 * The one error a caller of the input mapping needs to handle: it names the image (its path or id)
 * and says why it was refused, so an ingestion job can skip the sample and list it in the report.
 */
export type ImageInputErrorCode =
  /** Zero bytes. */
  | "empty"
  /** The content matches no image signature (a text file renamed .png, for example). */
  | "not-image"
  /** A recognised image format that we do not decode (BMP, SVG, PDF, ICO, JPEG 2000, ...). */
  | "unsupported-format"
  /** The header or the pixel data cannot be decoded (truncated, damaged). */
  | "corrupt"
  /** width x height above the pixel cap: refused from the header, before any pixel is decoded. */
  | "too-large"
  /** Raw pixels whose length does not match the stated size. */
  | "bad-raw-pixels";

export class ImageInputError extends Error {
  readonly code: ImageInputErrorCode;
  /** The path or id of the image, as the caller labelled it. */
  readonly path: string;
  readonly reason: string;

  constructor(code: ImageInputErrorCode, path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = "ImageInputError";
    this.code = code;
    this.path = path;
    this.reason = reason;
  }
}

export function isImageInputError(e: unknown): e is ImageInputError {
  return e instanceof ImageInputError;
}
