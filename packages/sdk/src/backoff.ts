// When to retry and how long to wait: pure functions, so the schedule is tested without a clock.

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff ceiling; the n-th retry waits a random time below min(maxMs, baseMs * 2^n) ("full jitter"). */
  baseMs: number;
  maxMs: number;
  /** A Retry-After longer than this is not waited for: the attempt fails instead of blocking the caller. */
  maxRetryAfterMs: number;
}

/** 408, 429 and 5xx may succeed later; other 4xx will fail the same way again and are never retried. */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
