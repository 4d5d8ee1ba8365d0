/**
 * Fault injection and rate limiting, both keyed by region so one endpoint can play a healthy
 * standby region next to a failing primary.
 */

/**
 * What a fault does to a matching request:
 * - `5xx`: answer HTTP 500 (or `status`) with the service's internal-error exception;
 * - `silence`: accept the request and never answer, so the client's own timeout fires;
 * - `throttle`: answer HTTP 400 `ThrottlingException`.
 */
export type FaultMode = "5xx" | "silence" | "throttle";

/** One fault rule for a region. */
export interface FaultRule {
  readonly mode: FaultMode;
  /** Operation names (e.g. `DescribePhoneNumbers`) it applies to. Default: every operation. */
  readonly operations?: readonly string[];
  /**
   * Signing names of the services it applies to (`sms-voice`, `ssm`, `sts`), e.g. an SMS-only
   * outage with SSM still answering. Default: every service.
   */
  readonly services?: readonly string[];
  /** How many matching requests it affects before it expires. Default: unlimited. */
  readonly times?: number;
  /** HTTP status for `5xx` faults: 500 or 503. Default 500. */
  readonly status?: 500 | 503;
}

/** A fault chosen for one request. */
export interface InjectedFault {
  readonly mode: FaultMode;
  readonly status: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

/** Wildcard region: a rule set for `"*"` applies to every region. */
export const ANY_REGION = "*";

/**
 * Per-region fault rules. Rules are tried in the order added, the region's own before
 * {@link ANY_REGION}'s; the first that matches the operation and has uses left wins.
 */
export class FaultInjector {
  private readonly rules = new Map<string, ActiveRule[]>();
  private readonly counts = new Map<string, number>();

  /** Replaces every rule of `region` (or `"*"`) with `rule`. */
  set(region: string, rule: FaultRule): void {
    this.rules.set(region, [{ rule, remaining: rule.times ?? Infinity }]);
  }

  /** Adds `rule` after the existing rules of `region`. */
  add(region: string, rule: FaultRule): void {
    const list = this.rules.get(region) ?? [];
    list.push({ rule, remaining: rule.times ?? Infinity });
    this.rules.set(region, list);
  }

  /** Removes the rules of `region`, or of every region when omitted. Injection counts are kept. */
  clear(region?: string): void {
    if (region === undefined) this.rules.clear();
    else this.rules.delete(region);
  }

  /** How many requests faults have affected in `region`, or in total when omitted. */
  injected(region?: string): number {
    if (region !== undefined) return this.counts.get(region) ?? 0;
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  /** Forgets rules and counts. */
  reset(): void {
    this.rules.clear();
    this.counts.clear();
  }

  /**
   * Picks (and uses up one application of) the fault for a request, if any.
   *
   * @param service signing name of the request's service; default: matches any rule
   */
  take(region: string, operation: string, service?: string): InjectedFault | undefined {
    for (const key of [region, ANY_REGION]) {
      const list = this.rules.get(key) ?? [];
      const active = list.find(
        (entry) =>
          entry.remaining > 0 &&
          (!entry.rule.operations || entry.rule.operations.includes(operation)) &&
          (!entry.rule.services || service === undefined || entry.rule.services.includes(service)),
      );
      if (!active) continue;
      active.remaining -= 1;
      this.counts.set(region, (this.counts.get(region) ?? 0) + 1);
      const status =
        active.rule.mode === "5xx"
          ? (active.rule.status ?? 500)
          : active.rule.mode === "throttle"
            ? 400
            : 0;
      return { mode: active.rule.mode, status };
    }
    return undefined;
  }
}

/** Live counters of one region's rate limit. */
export interface RateLimitStats {
  /** Requests that found a token and were served (whatever their outcome). */
  served: number;
  /** Requests answered `ThrottlingException` because the bucket was empty. */
  throttled: number;
}

interface Bucket {
  readonly rps: number;
  tokens: number;
  refilledAt: number;
  readonly stats: RateLimitStats;
}

/** Options of {@link RateLimiter.set}. */
export interface RateLimitOptions {
  /**
   * Tokens in the bucket when the limit is set (0 to `rps`). A full bucket serves one second's
   * worth of requests at once, as a service's burst allowance does; a throughput measured from
   * that moment then exceeds the limit by up to `rps / seconds`. An empty bucket (or one token)
   * measures the steady state. Default: `rps` (full).
   */
  readonly initialTokens?: number;
  /**
   * Limit only this service's requests in the Region (its signing name, e.g. `sms-voice`), as
   * AWS quotas are per service. Default: every request to the Region.
   */
  readonly service?: string;
}

/**
 * Token-bucket rate limits per region: capacity `rps`, refilled at `rps` tokens per second,
 * one token per request. Regions without a limit are not counted.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number) {}

  /**
   * Limits `region` to `rps` requests per second, or lifts it with `null`. Replaces any earlier
   * limit of the region, counters included.
   *
   * @param options see {@link RateLimitOptions}; default: the bucket starts full
   */
  set(region: string, rps: number | null, options: RateLimitOptions = {}): RateLimitStats {
    const key = options.service ? `${region}|${options.service}` : region;
    if (rps === null) {
      const stats = this.stats(region, options.service);
      this.buckets.delete(key);
      return stats;
    }
    if (!(rps > 0)) throw new RangeError(`rate limit must be positive, got ${rps}`);
    const tokens = options.initialTokens ?? rps;
    if (!(tokens >= 0 && tokens <= rps)) {
      throw new RangeError(`initialTokens must be between 0 and ${rps}, got ${tokens}`);
    }
    const bucket: Bucket = {
      rps,
      tokens,
      refilledAt: this.now(),
      stats: { served: 0, throttled: 0 },
    };
    this.buckets.set(key, bucket);
    return bucket.stats;
  }

  /** The live counters of `region`'s limit, or of one service's there (zeros when it has none). */
  stats(region: string, service?: string): RateLimitStats {
    return (
      this.buckets.get(service ? `${region}|${service}` : region)?.stats ?? {
        served: 0,
        throttled: 0,
      }
    );
  }

  /** Takes a token for one request (from the Region's and the service's buckets); false means throttle it. */
  take(region: string, service?: string): boolean {
    return (
      this.takeFrom(region) && (service === undefined || this.takeFrom(`${region}|${service}`))
    );
  }

  private takeFrom(key: string): boolean {
    const bucket = this.buckets.get(key);
    if (!bucket) return true;
    const now = this.now();
    bucket.tokens = Math.min(
      bucket.rps,
      bucket.tokens + ((now - bucket.refilledAt) / 1000) * bucket.rps,
    );
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.stats.served += 1;
      return true;
    }
    bucket.stats.throttled += 1;
    return false;
  }

  /** Lifts every limit. */
  reset(): void {
    this.buckets.clear();
  }
}
