import { backoffMs, isRetryableStatus, type RetryPolicy, retryAfterMs } from './backoff.ts';
import { TollgateError } from './errors.ts';

export interface HttpOptions {
  /** Gateway origin without `/v1` (normalized by `gatewayOrigin`). */
  origin: string;
  apiKey: string;
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** `http://h:8080/v1/` and `http://h:8080` both name the gateway at `http://h:8080`. */
export const gatewayOrigin = (baseUrl: string): string => baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');

/**
 * One request, retried with jittered exponential backoff on 408/429/5xx and network errors (at most
 * `maxRetries` times; a 429's Retry-After is honoured). Resolves with the last answer whatever its status;
 * rejects only when the gateway could not be reached at all. Retrying event posts is safe: the gateway
 * ignores an event_id it has already accepted.
 */
export async function request(opts: HttpOptions, method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${opts.apiKey}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const payload = body === undefined ? undefined : JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    let wait: number | undefined;
    try {
      const res = await opts.fetch(`${opts.origin}${path}`, { method, headers, body: payload, signal: AbortSignal.timeout(opts.timeoutMs) });
      const answer = { status: res.status, body: await readBody(res) };
      if (!isRetryableStatus(res.status) || attempt >= opts.retry.maxRetries) return answer;
      const after = retryAfterMs(res.headers.get('retry-after'), opts.now());
      if (after !== undefined && after > opts.retry.maxRetryAfterMs) return answer;
      wait = after ?? backoffMs(attempt, opts.retry);
    } catch (err) {
      if (attempt >= opts.retry.maxRetries) throw new TollgateError(`gateway unreachable: ${(err as Error).message}`, { cause: err });
      wait = backoffMs(attempt, opts.retry);
    }
    await opts.sleep(wait);
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
