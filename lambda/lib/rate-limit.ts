/**
 * A client-side rate limit shared by every worker writing to one Region, so a sync stays
 * under the Region's API quota instead of finding it by being throttled.
 */

/** A clock in epoch milliseconds. */
export type Clock = () => number;
/** Waits `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

/** Real timers: the default {@link Sleep}. */
export const realSleep: Sleep = (ms) =>
  ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));

/** Options of {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Requests that may go at once after an idle spell. Default: 1 (evenly spaced requests). */
  burst?: number;
  /** Default: `Date.now`. */
  now?: Clock;
  /** Default: {@link realSleep}. */
  sleep?: Sleep;
}

/**
 * A token bucket in its "generic cell rate" form: each `take()` books the next free slot
 * `1000 / rate` ms after the previous booking, before it waits, so concurrent callers are
 * spaced evenly by their bookings rather than by when their timers happen to fire. A burst
 * of 1 (the default) never sends faster than the rate, which keeps a server-side bucket of
 * the same rate from throttling us.
 */
export class TokenBucket {
  private interval: number;
  private tolerance: number;
  private readonly burst: number;
  private current: number;
  private lastSlowDown = -Infinity;
  private lastChange = 0;
  private readonly now: Clock;
  private readonly sleep: Sleep;
  /** Theoretical arrival time of the next request. */
  private next = -Infinity;

  /**
   * @param ratePerSecond sustained requests per second; must be positive
   * @param options see {@link TokenBucketOptions}
   */
  constructor(
    readonly ratePerSecond: number,
    options: TokenBucketOptions = {},
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError(`rate must be positive, got ${ratePerSecond}`);
    this.burst = Math.max(1, Math.floor(options.burst ?? 1));
    this.current = ratePerSecond;
    this.interval = 1000 / ratePerSecond;
    this.tolerance = (this.burst - 1) * this.interval;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Resolves when the caller may send one request. */
  async take(): Promise<void> {
    const now = this.now();
    const due = Math.max(this.next, now);
    const start = Math.max(due - this.tolerance, now);
    // Book the slot before waiting, so callers that arrive meanwhile queue behind it.
    this.next = due + this.interval;
    await this.sleep(start - now);
  }

  /** No request may start before `ms` from now (after a throttling answer, every worker backs off). */
  pause(ms: number): void {
    this.next = Math.max(this.next, this.now() + ms + this.tolerance);
  }

  /** The rate in force now (requests per second): at most the configured rate. */
  get rate(): number {
    return this.current;
  }

  /**
   * The server throttled us: our rate is above its limit, so lower it by 30% (at most once a
   * second, since one overload answers many concurrent requests; never below 5% of the
   * configured rate).
   */
  slowDown(): void {
    const now = this.now();
    if (now - this.lastSlowDown < 1000) return;
    this.lastSlowDown = now;
    this.lastChange = now;
    this.setRate(Math.max(this.ratePerSecond * 0.05, this.current * 0.7));
  }

  /**
   * A request succeeded: creep back towards the configured rate by 5% of it per second since
   * the last change. Slowly on purpose: climbing back fast only finds the server's limit again.
   */
  recover(): void {
    const now = this.now();
    if (this.current < this.ratePerSecond) {
      const elapsed = Math.max(0, now - this.lastChange) / 1000;
      this.setRate(
        Math.min(this.ratePerSecond, this.current + this.ratePerSecond * 0.05 * elapsed),
      );
    }
    this.lastChange = now;
  }

  private setRate(rate: number): void {
    this.current = rate;
    this.interval = 1000 / rate;
    this.tolerance = (this.burst - 1) * this.interval;
  }
}
