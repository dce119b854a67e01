// Spaces request starts at least 1/rate seconds apart, so a client never exceeds the
// provider's requests-per-second limit (also across concurrent callers).

export interface Clock {
  /** Milliseconds, monotonic enough for spacing requests. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RateLimiter {
  private next = -Infinity;
  private readonly intervalMs: number;

  /** @param requestsPerSecond > 0; Infinity disables the limit. */
  constructor(requestsPerSecond: number, private readonly clock: Clock = SYSTEM_CLOCK) {
    if (!(requestsPerSecond > 0)) throw new RangeError(`requests per second must be > 0, got ${requestsPerSecond}`);
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Resolves when the next request may start, and books that slot. */
  async acquire(): Promise<void> {
    const now = this.clock.now();
    const start = Math.max(now, this.next);
    this.next = start + this.intervalMs;
    if (start > now) await this.clock.sleep(start - now);
  }
}
