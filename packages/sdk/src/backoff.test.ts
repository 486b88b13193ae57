import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryableStatus, retryAfterMs } from './backoff.ts';

const policy = { maxRetries: 5, baseMs: 100, maxMs: 1000, maxRetryAfterMs: 60_000 };

describe('backoff', () => {
  it('doubles the ceiling per attempt up to maxMs, jittered below it', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffMs(a, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
    expect(backoffMs(1, policy, () => 0.5)).toBe(100);
  });

  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 409, 413, 422].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('0.5', now)).toBe(500);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
