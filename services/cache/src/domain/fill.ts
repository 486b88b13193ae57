import type { RequestCompleted } from '@tollgate/proto/events';
import type { CachedResponse } from '../store.ts';
import { cacheKey } from './key.ts';

export interface Fill {
  key: string;
  value: CachedResponse;
  /** What is left of the TTL, counted from when the request completed (fractional). */
  ttlSeconds: number;
}

/**
 * Whether (and how) a completed request fills the cache: only a 200 answer that carries a cache entry, under the
 * key of the request as the client sent it. The TTL runs from the event's occurrence, so a late redelivery or a
 * replay of the stream never makes an answer live longer than ttlSeconds.
 */
export function planFill(event: RequestCompleted, occurredMs: number, nowMs: number, ttlSeconds: number): Fill | undefined {
  const entry = event.cacheEntry;
  if (!entry || event.status !== 200 || entry.response.byteLength === 0) return undefined;
  const key = cacheKey(event.projectId, entry.request);
  if (!key) return undefined;
  const left = ttlSeconds - Math.max(0, nowMs - occurredMs) / 1000;
  if (!(left > 0)) return undefined;
  return { key, value: { response: entry.response, contentType: entry.contentType, provider: entry.provider, model: entry.model }, ttlSeconds: left };
}
