/**
 * A value read from somewhere that can fail, kept for a bounded time: read again once older
 * than `maxAgeMs`; while a read fails, the last good value is served (marked stale, with its
 * age and the error), so a blip in SSM never stops sending. Concurrent callers share one read.
 */

/** What a caller gets. */
export interface Cached<T> {
  readonly value: T;
  /** When the value was last read successfully (epoch ms). */
  readonly fetchedAt: number;
  /** Milliseconds since then. */
  readonly ageMs: number;
  /** True when the last read failed and this is the last good value. */
  readonly stale: boolean;
  /** The last read's error, when it failed. */
  readonly lastError?: unknown;
}

/** No value has ever been read, and reading failed. */
export class NothingCachedError extends Error {
  constructor(override readonly cause: unknown) {
    super(`no value could be read yet: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = "NothingCachedError";
  }
}

/** Options of {@link BoundedCache}. */
export interface BoundedCacheOptions {
  /** Longest a value is served before it is read again. No default. */
  readonly maxAgeMs: number;
  /**
   * After a failed read, how long to serve the last good value before trying again, so a
   * failing store is not hammered by every call. Default: `min(maxAgeMs, 5,000)` ms.
   */
  readonly retryAfterMs?: number;
  /** Clock (epoch ms). Default: `Date.now`. */
  readonly now?: () => number;
}

/** The cache; {@link get} reads through it, {@link refresh} forces a read. */
export class BoundedCache<T> {
  private good?: { value: T; at: number };
  private lastError?: unknown;
  private failedAt?: number;
  private inflight?: Promise<Cached<T>>;
  private readonly now: () => number;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly options: BoundedCacheOptions,
  ) {
    if (!(options.maxAgeMs > 0))
      throw new RangeError(`maxAgeMs must be positive, got ${options.maxAgeMs}`);
    this.now = options.now ?? Date.now;
  }

  /**
   * The cached value if young enough, else a fresh read; the last good value when the read
   * fails.
   *
   * @throws NothingCachedError when no read has ever succeeded and this one fails
   */
  get(): Promise<Cached<T>> {
    const now = this.now();
    const retryAfter = this.options.retryAfterMs ?? Math.min(this.options.maxAgeMs, 5_000);
    if (this.good && now - this.good.at < this.options.maxAgeMs)
      return Promise.resolve(this.view());
    if (this.good && this.failedAt !== undefined && now - this.failedAt < retryAfter) {
      return Promise.resolve(this.view());
    }
    return this.refresh();
  }

  /** Reads now (joining a read already in flight). */
  refresh(): Promise<Cached<T>> {
    this.inflight ??= this.read()
      .then(
        (value) => {
          this.good = { value, at: this.now() };
          this.lastError = undefined;
          this.failedAt = undefined;
          return this.view();
        },
        (error: unknown) => {
          this.lastError = error;
          this.failedAt = this.now();
          if (!this.good) throw new NothingCachedError(error);
          return this.view();
        },
      )
      .finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private view(): Cached<T> {
    const good = this.good!;
    return {
      value: good.value,
      fetchedAt: good.at,
      ageMs: this.now() - good.at,
      stale: this.lastError !== undefined,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }
}
