// The one HTTP layer every source uses: rate limit, retries with back-off (Retry-After
// honoured on 429/503), a content-addressed disk cache of validated responses, and messages
// with secrets redacted. Uses Node's global fetch.
import { HttpCache, cacheKey } from './http_cache.js';
import { Clock, RateLimiter, SYSTEM_CLOCK } from './rate_limiter.js';
import { redactSecrets } from './redact.js';
import { DEFAULT_RETRY, RetryPolicy, backoffDelay, isRetryableStatus, parseRetryAfter } from './retry_policy.js';
import { ResponseFormatError, SourceError, bodySnippet } from './source_errors.js';

export interface HttpClientOptions {
  /** Request starts per second (default 2). */
  readonly requestsPerSecond?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Folder of the response cache; null or absent: no cache. */
  readonly cacheDir?: string | null;
  /** Sent with every request (e.g. X-API-KEY); values listed in `secrets` are never shown. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Strings to redact from every message (API keys). */
  readonly secrets?: readonly string[];
  /** Per-attempt timeout, ms (default 60 s). */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly fromCache: boolean;
}

export interface GetOptions {
  readonly accept?: string;
  /** Throws (ResponseFormatError) when the body is not usable; such bodies are never cached. */
  readonly validate?: (body: string, contentType: string) => void;
}

export class HttpClient {
  /** Network requests made so far (cache hits excluded). */
  requestCount = 0;
  private readonly limiter: RateLimiter;
  private readonly retry: RetryPolicy;
  private readonly cache: HttpCache | null;
  private readonly clock: Clock;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.limiter = new RateLimiter(options.requestsPerSecond ?? 2, this.clock);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.cache = options.cacheDir ? new HttpCache(options.cacheDir) : null;
  }

  /** Text safe to show: secrets replaced by ***. */
  redact(text: string): string {
    return redactSecrets(text, this.options.secrets);
  }

  async getText(url: string, options: GetOptions = {}): Promise<HttpResponse> {
    const accept = options.accept ?? '*/*';
    const key = cacheKey(url, accept);
    const cached = await this.cache?.get(key);
    if (cached && this.isValid(cached, options)) return { ...cached, fromCache: true };
    const response = await this.fetchWithRetries(url, accept);
    options.validate?.(response.body, response.contentType);
    await this.cache?.put(key, { status: response.status, contentType: response.contentType, body: response.body });
    return response;
  }

  /** The parsed JSON body; `check` throws ResponseFormatError when the shape is wrong. */
  async getJson<T>(url: string, check: (value: unknown) => T): Promise<T> {
    let result: T | undefined;
    const validate = (body: string) => {
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        throw new ResponseFormatError(this.redact(`response from ${url} is not JSON: '${bodySnippet(body)}'`));
      }
      try {
        result = check(value);
      } catch (e) {
        if (e instanceof ResponseFormatError) throw new ResponseFormatError(this.redact(`${e.message} (${url})`));
        throw e;
      }
    };
    await this.getText(url, { accept: 'application/json', validate });
    return result as T;
  }

  private isValid(cached: { body: string; contentType: string }, options: GetOptions): boolean {
    try {
      options.validate?.(cached.body, cached.contentType);
      return true;
    } catch {
      return false;
    }
  }

  private async fetchWithRetries(url: string, accept: string): Promise<HttpResponse> {
    const shown = this.redact(url);
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire();
      let res: Response;
      try {
        this.requestCount++;
        res = await fetch(url, {
          headers: { accept, 'user-agent': 'matalign (+https://github.com/matalign)', ...this.options.headers },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
        });
      } catch (e) {
        const reason = this.redact(((e as Error).cause as Error | undefined)?.message ?? (e as Error).message);
        if (attempt >= this.retry.maxRetries) throw new SourceError(`GET ${shown}: ${reason} (after ${attempt + 1} attempts)`);
        await this.clock.sleep(backoffDelay(this.retry, attempt));
        continue;
      }
      const body = await res.text();
      const contentType = res.headers.get('content-type') ?? '';
      if (res.ok) return { status: res.status, contentType, body, fromCache: false };
      const what = `GET ${shown}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      if (!isRetryableStatus(res.status)) throw new SourceError(this.redact(`${what}: '${bodySnippet(body)}'`), res.status);
      if (attempt >= this.retry.maxRetries) throw new SourceError(`${what} (after ${attempt + 1} attempts)`, res.status);
      await this.clock.sleep(this.retryDelay(res, attempt, what));
    }
  }

  private retryDelay(res: Response, attempt: number, what: string): number {
    const asked = parseRetryAfter(res.headers.get('retry-after'));
    if (asked === null) return backoffDelay(this.retry, attempt);
    if (asked > this.retry.maxRetryAfterMs) {
      throw new SourceError(`${what}: the server asks to retry after ${Math.round(asked / 1000)} s; try again later`, res.status);
    }
    return asked;
  }
}
