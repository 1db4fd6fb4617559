/**
 * The mapping record: what happened to one image on its way from the dataset's input space into
 * the model's ("mapping input spaces between problems"). A model pretrained on 224x224 colour
 * photos fed 28x28 grey digits sees an 8x upscaled, colourless image: the fine detail and the
 * colour its early filters respond to are absent, which is a reason for weak transfer that the
 * report must name rather than hide. The batch summary aggregates the records for the report.
 */

/** Upscaling above this factor is warned about: an 8-bit image interpolated more than 2x has no
 * detail at the scale of the model's smallest receptive fields. */
export const UPSCALE_WARN_FACTOR = 2;
/** Stretching one axis more than 10 % relative to the other (fit 'fill') is warned about. */
export const ASPECT_WARN_RATIO = 1.1;

export interface MappingRecord {
  /** The caller's label for the image (its path or id). */
  id: string;
  /** Decoded format ('png', 'jpeg', ...) or 'raw-grey' for pixels handed over undecoded. */
  format: string;
  original: {
    width: number;
    height: number;
    /** Colour channels stored (1 grey, 3 RGB, 4 CMYK), alpha not counted. */
    channels: number;
    hasAlpha: boolean;
  };
  target: { width: number; height: number; channels: 1 | 3 };
  /** target / original size per axis (after EXIF orientation). */
  scaleX: number;
  scaleY: number;
  /** max(scaleX, scaleY): the worst-case upscaling; > 1 means upscaled. */
  scale: number;
  upscaled: boolean;
  /** The model gets colour channels the image never had: grey replicated to R = G = B. */
  channelsInvented: boolean;
  /** True when the stored image is RGB but every pixel has R = G = B (grey content). */
  greyContent: boolean;
  /** Colour was collapsed to one channel (ITU-R BT.601 luma). */
  channelsDropped: boolean;
  /** An alpha channel was discarded (the colour under transparent pixels is used as is). */
  alphaDropped: boolean;
  /** Some pixels were not fully opaque, so dropping alpha exposed colour the viewer never saw. */
  transparencyLost: boolean;
  /** The EXIF orientation tag (2..8) was applied before resizing. */
  reoriented: boolean;
  /** Human-readable warnings for the report; empty when the mapping lost nothing worth saying. */
  warnings: string[];
}

export interface MappingFacts {
  id: string;
  format: string;
  width: number;
  height: number;
  channels: number;
  hasAlpha: boolean;
  targetWidth: number;
  targetHeight: number;
  targetChannels: 1 | 3;
  greyContent: boolean;
  transparencyLost: boolean;
  reoriented: boolean;
  /** Extension of the label when it disagrees with the sniffed content, else null. */
  extensionMismatch: string | null;
}

function fmt(x: number): string {
  return x.toFixed(1);
}

/** Builds the record and its warnings from what the decoder saw. */
export function mappingRecord(f: MappingFacts): MappingRecord {
  if (!(f.width > 0 && f.height > 0))
    throw new Error(`mappingRecord: ${f.id} has size ${f.width}x${f.height}`);
  const scaleX = f.targetWidth / f.width;
  const scaleY = f.targetHeight / f.height;
  const scale = Math.max(scaleX, scaleY);
  const storedGrey = f.channels === 1;
  const channelsInvented = f.targetChannels === 3 && (storedGrey || f.greyContent);
  const channelsDropped = f.targetChannels === 1 && !storedGrey && !f.greyContent;
  const size = `${f.width}x${f.height}`;
  const tsize = `${f.targetWidth}x${f.targetHeight}`;
  const warnings: string[] = [];
  if (scale > UPSCALE_WARN_FACTOR) {
    warnings.push(
      `image is upscaled ${fmt(scale)}x from ${size} to ${tsize}: fine detail the model expects is absent`,
    );
  }
  const aspect = scaleX > scaleY ? scaleX / scaleY : scaleY / scaleX;
  if (aspect > ASPECT_WARN_RATIO) {
    warnings.push(
      `aspect ratio changed ${fmt(aspect)}x (${size} stretched to ${tsize}): shapes are distorted`,
    );
  }
  if (channelsInvented) {
    warnings.push(
      storedGrey
        ? "grey image replicated to R = G = B: the colour channels the model expects are invented"
        : "image is stored as RGB but every pixel has R = G = B: the model gets no colour information",
    );
  }
  if (channelsDropped) warnings.push("colour image reduced to grey (ITU-R BT.601 luma): colour is lost");
  if (f.transparencyLost) {
    warnings.push("alpha channel dropped on an image with transparent pixels: hidden colour is shown");
  }
  if (f.extensionMismatch) {
    warnings.push(`file name ends in ${f.extensionMismatch} but the content is ${f.format}`);
  }
  return {
    id: f.id,
    format: f.format,
    original: { width: f.width, height: f.height, channels: f.channels, hasAlpha: f.hasAlpha },
    target: { width: f.targetWidth, height: f.targetHeight, channels: f.targetChannels },
    scaleX,
    scaleY,
    scale,
    upscaled: scale > 1,
    channelsInvented,
    greyContent: f.greyContent,
    channelsDropped,
    alphaDropped: f.hasAlpha,
    transparencyLost: f.transparencyLost,
    reoriented: f.reoriented,
    warnings,
  };
}

export interface MappingSummary {
  /** Images mapped successfully. */
  count: number;
  upscaled: number;
  /** Upscaled more than UPSCALE_WARN_FACTOR. */
  upscaledOverLimit: number;
  aspectChanged: number;
  channelsInvented: number;
  channelsDropped: number;
  alphaDropped: number;
  transparencyLost: number;
  reoriented: number;
  extensionMismatch: number;
  /** min / max of the per-image `scale` (null when count = 0). */
  minScale: number | null;
  maxScale: number | null;
  /** Original sizes seen, most frequent first (at most 5), e.g. "28x28 (320)". */
  commonSizes: string[];
  /** One aggregated sentence per kind of loss, for the report. */
  warnings: string[];
}

/** Aggregates the records of a batch; `skipped` is the number of images refused. */
export function summarizeMappings(records: readonly MappingRecord[], skipped = 0): MappingSummary {
  const n = records.length;
  const countIf = (p: (r: MappingRecord) => boolean) => records.reduce((k, r) => k + (p(r) ? 1 : 0), 0);
  const upscaledOverLimit = records.filter((r) => r.scale > UPSCALE_WARN_FACTOR);
  const aspectChanged = countIf(
    (r) => Math.max(r.scaleX / r.scaleY, r.scaleY / r.scaleX) > ASPECT_WARN_RATIO,
  );
  const extensionMismatch = countIf((r) => r.warnings.some((w) => w.startsWith("file name ends in")));
  let minScale: number | null = null;
  let maxScale: number | null = null;
  const sizes = new Map<string, number>();
  for (const r of records) {
    minScale = minScale === null ? r.scale : Math.min(minScale, r.scale);
    maxScale = maxScale === null ? r.scale : Math.max(maxScale, r.scale);
    const key = `${r.original.width}x${r.original.height}`;
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  const commonSizes = [...sizes.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([s, k]) => `${s} (${k})`);
  const s: MappingSummary = {
    count: n,
    upscaled: countIf((r) => r.upscaled),
    upscaledOverLimit: upscaledOverLimit.length,
    aspectChanged,
    channelsInvented: countIf((r) => r.channelsInvented),
    channelsDropped: countIf((r) => r.channelsDropped),
    alphaDropped: countIf((r) => r.alphaDropped),
    transparencyLost: countIf((r) => r.transparencyLost),
    reoriented: countIf((r) => r.reoriented),
    extensionMismatch,
    minScale,
    maxScale,
    commonSizes,
    warnings: [],
  };
  const of = (k: number) => `${k} of ${n} images`;
  if (upscaledOverLimit.length > 0) {
    const scales = upscaledOverLimit.map((r) => r.scale);
    const lo = Math.min(...scales);
    const hi = Math.max(...scales);
    const ex = upscaledOverLimit[0]!;
    const range = lo === hi ? `${fmt(hi)}x` : `${fmt(lo)}x to ${fmt(hi)}x`;
    s.warnings.push(
      `${of(upscaledOverLimit.length)} are upscaled ${range} (e.g. from ${ex.original.width}x${ex.original.height} ` +
        `to ${ex.target.width}x${ex.target.height}): fine detail the model expects is absent`,
    );
  }
  if (aspectChanged > 0) s.warnings.push(`${of(aspectChanged)} are stretched to the model's aspect ratio`);
  if (s.channelsInvented > 0) {
    s.warnings.push(
      `${of(s.channelsInvented)} are grey: colour channels are invented by replication (R = G = B)`,
    );
  }
  if (s.channelsDropped > 0) {
    s.warnings.push(`${of(s.channelsDropped)} are colour reduced to grey (ITU-R BT.601 luma)`);
  }
  if (s.transparencyLost > 0) {
    s.warnings.push(`${of(s.transparencyLost)} had transparent pixels; alpha was dropped`);
  }
  if (extensionMismatch > 0) {
    s.warnings.push(`${of(extensionMismatch)} have a file extension that does not match their content`);
  }
  if (skipped > 0) s.warnings.push(`${skipped} images could not be read and were skipped`);
  return s;
}
