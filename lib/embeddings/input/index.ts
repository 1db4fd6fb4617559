/**
 * lib/embeddings/input: mapping a dataset's images into a model's input space (decode, sniff,
 * refuse bombs, resize, channels, value range) and recording what was lost on the way.
 * Imports: sharp and node built-ins only; no TF.js (it returns plain Float32Arrays).
 */
export { DEFAULT_MAX_PIXELS } from "./decode";
export { ImageInputError, type ImageInputErrorCode, isImageInputError } from "./errors";
export {
  ASPECT_WARN_RATIO,
  type MappingRecord,
  type MappingSummary,
  summarizeMappings,
  UPSCALE_WARN_FACTOR,
} from "./mapping";
export {
  type BatchItem,
  type BatchOptions,
  BT601,
  type PreparedBatch,
  type PreparedImage,
  type PrepareOptions,
  prepareBatch,
  prepareGreyPixels,
  prepareImage,
  type SkippedImage,
} from "./prepare";
export {
  type ChannelOrder,
  type Preprocessing,
  type ResizeMethod,
  validatePreprocessing,
  valueMap,
} from "./preprocessing";
export { DECODABLE_FORMATS, type SniffedFormat, sniffImageFormat } from "./sniff";
