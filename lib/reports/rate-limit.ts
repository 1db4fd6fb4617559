/**
 * A small in-memory token bucket per key (an IP address), for share-link lookups.
 *
 * Why in memory: a share token carries 256 random bits, so guessing is hopeless whatever the rate;
 * the limit only keeps a scripted client from hammering the database. A per-process bucket is
 * enough for that. With several app processes behind a balancer each keeps its own buckets, so the
 * effective limit is multiplied by the process count — acceptable for this purpose.
 *
 * Bucket: holds at most `capacity` tokens, gains `refillPerSecond` per second, each request takes
 * `cost`; a request that finds too few tokens is refused and takes nothing.
 */

export interface BucketOptions {
  capacity: number;
  refillPerSecond: number;
  /** Forget keys idle this long (keeps the map small). */
  idleMs?: number;
  /** Injected clock (tests). */
  now?: () => number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly refill: number;
  private readonly idleMs: number;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(opts: BucketOptions) {
    if (!(opts.capacity > 0)) throw new Error(`capacity: must be > 0, got ${opts.capacity}`);
    if (!(opts.refillPerSecond > 0))
      throw new Error(`refillPerSecond: must be > 0, got ${opts.refillPerSecond}`);
    this.capacity = opts.capacity;
    this.refill = opts.refillPerSecond;
    this.idleMs = opts.idleMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  private level(key: string, t: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.capacity;
    return Math.min(this.capacity, b.tokens + ((t - b.at) / 1000) * this.refill);
  }

  /** Takes `cost` tokens for `key` if it has them; returns whether the request may go ahead. */
  take(key: string, cost = 1): boolean {
    const t = this.now();
    this.sweep(t);
    const tokens = this.level(key, t);
    if (tokens < cost) {
      this.buckets.set(key, { tokens, at: t });
      return false;
    }
    this.buckets.set(key, { tokens: tokens - cost, at: t });
    return true;
  }

  /** Whether `key` still has `cost` tokens, without taking them. */
  has(key: string, cost = 1): boolean {
    return this.level(key, this.now()) >= cost;
  }

  /** Tokens `key` has now. */
  available(key: string): number {
    return this.level(key, this.now());
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000) return;
    this.lastSweep = t;
    for (const [k, b] of this.buckets) if (t - b.at > this.idleMs) this.buckets.delete(k);
  }
}
