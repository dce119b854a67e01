// When to retry a request and how long to wait: 429 and 503 honour the server's Retry-After
// (delta seconds or an HTTP date); other 5xx and network errors back off exponentially.

export interface RetryPolicy {
  /** Retries after the first attempt (0 = no retry). */
  readonly maxRetries: number;
  /** First back-off delay, ms; attempt k waits base · 2^k (capped), plus up to 10 % jitter. */
  readonly backoffBaseMs: number;
  /** Cap of one back-off delay, ms. */
  readonly backoffMaxMs: number;
  /** A Retry-After longer than this (ms) is not waited for: the request fails with the reason. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 5, backoffBaseMs: 1000, backoffMaxMs: 60_000, maxRetryAfterMs: 300_000 };

/** True for statuses worth retrying: 429 (rate limited), 408, and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status <= 599);
}

/**
 * Milliseconds a Retry-After header asks for, or null when absent or unreadable.
 * Accepts delta seconds ("120") and HTTP dates ("Wed, 21 Oct 2015 07:28:00 GMT"); a date in
 * the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** Back-off before retry number `attempt` (0-based), ms. `random` in [0, 1) adds jitter. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random()): number {
  const base = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** attempt);
  return base + base * 0.1 * random;
}
