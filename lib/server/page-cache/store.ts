/**
 * Rendered pages in memory: one entry per slot (a page for one viewer), valid while its version
 * string is the current one and younger than `maxAgeMs`; least recently used entries go first when
 * the held bytes pass `maxBytes`.
 */
import type { PageTemplate } from "./template";

export interface PageStoreOptions {
  maxBytes: number;
  maxAgeMs: number;
  now?: () => number;
}

interface Entry {
  version: string;
  at: number;
  page: PageTemplate;
}

export class PageStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly now: () => number;

  constructor(private readonly opts: PageStoreOptions) {
    if (!(opts.maxBytes > 0)) throw new Error(`maxBytes: must be > 0, got ${opts.maxBytes}`);
    if (!(opts.maxAgeMs > 0)) throw new Error(`maxAgeMs: must be > 0, got ${opts.maxAgeMs}`);
    this.now = opts.now ?? Date.now;
  }

  /** The page for `slot` when it was stored under `version` and is not too old; else null. */
  get(slot: string, version: string): PageTemplate | null {
    const e = this.entries.get(slot);
    if (!e) return null;
    if (e.version !== version || this.now() - e.at > this.opts.maxAgeMs) {
      this.delete(slot);
      return null;
    }
    // Map order is insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(slot);
    this.entries.set(slot, e);
    return e.page;
  }

  set(slot: string, version: string, page: PageTemplate): void {
    this.delete(slot);
    if (page.size > this.opts.maxBytes) return;
    this.entries.set(slot, { version, at: this.now(), page });
    this.bytes += page.size;
    for (const [oldest, e] of this.entries) {
      if (this.bytes <= this.opts.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= e.page.size;
    }
  }

  delete(slot: string): void {
    const e = this.entries.get(slot);
    if (!e) return;
    this.entries.delete(slot);
    this.bytes -= e.page.size;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}
