/**
 * A set of files to import images from: a folder, a zip archive, or packed raw pixels (the demo
 * datasets). Listing is cheap and happens first, so every structural limit is enforced before a
 * byte of content is read; content is then read one entry at a time.
 */
export interface SourceEntry {
  /** Canonical relative POSIX path (see paths.ts). */
  path: string;
  /** Uncompressed size in bytes, as the directory or the archive declares it. */
  size: number;
}

export interface ImageSource {
  /** How messages name the source: the folder or archive base name. */
  readonly name: string;
  /** Files, sorted by path; OS clutter (__MACOSX, .DS_Store) left out. */
  readonly entries: readonly SourceEntry[];
  /** sha256 (hex) of what identifies the entry's content for re-import recognition. */
  sourceHash(path: string): Promise<string>;
  /** The bytes to store as the sample content. */
  readContent(path: string): Promise<Uint8Array>;
  /**
   * Only for content the source encoded itself from known pixels (packed): its format and size,
   * so the importer need not decode it again to check it. File sources never vouch for content.
   */
  knownImage?(path: string): KnownImage;
  close(): Promise<void>;
}

export interface KnownImage {
  mime: string;
  width: number;
  height: number;
  channels: number;
}
