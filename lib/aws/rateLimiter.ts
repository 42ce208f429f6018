/**
 * Client-side rate limiting for every AWS request the scanner sends.
 *
 * @module
 */

/** What one request is limited by. */
interface RateKey {
  /** Account the request acts in (the in-flight bound is per account). */
  readonly accountId: string;
  readonly region: string;
  /** IAM prefix, e.g. `ec2`. */
  readonly service: string;
  /** API operation, e.g. `DescribeSubnets`. */
  readonly action: string;
}

/** Options of {@link RateLimiter}. */
interface RateLimiterOptions {
  /**
   * Requests per second allowed per (account, region, action), by service
   * prefix; a service not listed is not rate-limited. Rates above 1 are
   * rounded down to whole requests per second; a rate below 1 means one
   * request per `1 / rate` seconds.
   * @default { ec2: 5, eks: 10 }
   */
  readonly ratePerSecond?: Readonly<Record<string, number>>;
  /**
   * Requests in flight per account across every region and service.
   * @default 32
   */
  readonly maxInFlightPerAccount?: number;
  /** Monotonic clock in milliseconds. @default performance.now */
  readonly now?: () => number;
}

/** Permission to send one request. */
interface Permit {
  /**
   * Stamps the moment the request really goes out. Call it right before
   * sending: if the process stalled between the grant and the send, the
   * action's window counts from the send, so the limit holds on the wire.
   */
  start(): void;
  /** Gives the in-flight slot back once the response has been read. */
  release(): void;
}

interface Waiter {
  readonly rateKey: string;
  readonly rate: number;
  readonly resolve: (permit: Permit) => void;
}

/** One grant in an action's window; `at` moves to the real send time. */
interface Grant {
  at: number;
}

// One second plus a margin: a permit is stamped just before the request
// leaves, but on a busy event loop the bytes can reach AWS some tens of
// milliseconds later, and AWS counts arrivals. The margin keeps any 1 s
// window of arrivals at or under the rate (measured by the politeness bench).
const WINDOW_MS = 1100;

/**
 * Admits requests so that, per account, no more than `maxInFlightPerAccount`
 * run at once and, per (account, region, action), no sliding one-second
 * window holds more than the action's rate. A request blocked by its action's
 * rate never holds an in-flight slot, so a busy action does not block the
 * account's other actions, and accounts never block each other.
 *
 * Grants are recorded when the slot is handed out, immediately before the
 * request is sent; the request-handler side never sends earlier than that.
 *
 * @example
 * const limiter = new RateLimiter({ ratePerSecond: { ec2: 5 } });
 * const permit = await limiter.acquire({ accountId, region, service: 'ec2', action: 'DescribeSubnets' });
 * permit.start();
 * try { await send(); } finally { permit.release(); }
 */
class RateLimiter {
  private readonly rates: Readonly<Record<string, number>>;
  private readonly maxInFlight: number;
  private readonly now: () => number;
  private readonly accounts = new Map<string, AccountQueue>();

  constructor(options: RateLimiterOptions = {}) {
    this.rates = options.ratePerSecond ?? { ec2: 5, eks: 10 };
    this.maxInFlight = options.maxInFlightPerAccount ?? 32;
    this.now = options.now ?? (() => performance.now());
    for (const [service, rate] of Object.entries(this.rates)) {
      if (!(rate > 0)) {
        throw new RangeError(`rate for ${service} must be > 0, got ${rate}`);
      }
    }
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1) {
      throw new RangeError(
        `maxInFlightPerAccount must be a positive integer, got ${this.maxInFlight}`,
      );
    }
  }

  /** Waits until `key` may send one request. */
  acquire(key: RateKey): Promise<Permit> {
    let queue = this.accounts.get(key.accountId);
    if (!queue) {
      queue = new AccountQueue(this.maxInFlight, this.now);
      this.accounts.set(key.accountId, queue);
    }
    const rate = this.rates[key.service] ?? Number.POSITIVE_INFINITY;
    return queue.enqueue(`${key.region}|${key.service}:${key.action}`, rate);
  }

  /** Requests in flight for an account right now (for tests and progress). */
  inFlight(accountId: string): number {
    return this.accounts.get(accountId)?.inFlight ?? 0;
  }
}

class AccountQueue {
  inFlight = 0;
  private readonly waiting: Waiter[] = [];
  private readonly grants = new Map<string, Grant[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxInFlight: number,
    private readonly now: () => number,
  ) {}

  enqueue(rateKey: string, rate: number): Promise<Permit> {
    return new Promise<Permit>((resolve) => {
      this.waiting.push({ rateKey, rate, resolve });
      this.pump();
    });
  }

  private waitFor(waiter: Waiter, now: number): number {
    if (!Number.isFinite(waiter.rate)) return 0;
    // A rate below 1/s (0.5) becomes one request per 1/rate seconds.
    const perWindow = Math.max(1, Math.floor(waiter.rate));
    const windowMs = waiter.rate >= 1 ? WINDOW_MS : WINDOW_MS / waiter.rate;
    const log = this.grants.get(waiter.rateKey);
    if (!log || log.length < perWindow) return 0;
    // The log holds the last `perWindow` grants; the earliest send among
    // them must have left the window. (Sends can be stamped out of grant
    // order, so take the minimum rather than the first entry.)
    const earliest = Math.min(...log.map((grant) => grant.at));
    return earliest + windowMs - now;
  }

  private record(waiter: Waiter, now: number): Grant {
    const grant = { at: now };
    if (!Number.isFinite(waiter.rate)) return grant;
    const perWindow = Math.max(1, Math.floor(waiter.rate));
    const log = this.grants.get(waiter.rateKey) ?? [];
    log.push(grant);
    if (log.length > perWindow) log.shift();
    this.grants.set(waiter.rateKey, log);
    return grant;
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    let wake = Number.POSITIVE_INFINITY;
    let index = 0;
    while (index < this.waiting.length && this.inFlight < this.maxInFlight) {
      const waiter = this.waiting[index] as Waiter;
      const now = this.now();
      const wait = this.waitFor(waiter, now);
      if (wait > 0) {
        wake = Math.min(wake, wait);
        index += 1;
        continue;
      }
      this.waiting.splice(index, 1);
      const grant = this.record(waiter, now);
      this.inFlight += 1;
      let released = false;
      waiter.resolve({
        start: () => {
          grant.at = Math.max(grant.at, this.now());
        },
        release: () => {
          if (released) return;
          released = true;
          this.inFlight -= 1;
          this.pump();
        },
      });
    }
    if (this.waiting.length > 0 && Number.isFinite(wake)) {
      // setTimeout may fire a fraction of a millisecond early; the next pump
      // re-checks the window and waits again if needed.
      this.timer = setTimeout(() => this.pump(), Math.ceil(wake));
    }
  }
}

export type { Permit, RateKey, RateLimiterOptions };
export { RateLimiter };
