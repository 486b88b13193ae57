// Query parameters beyond the range: `limit`, `by` (from a fixed allow-list) and `model`. Pure.

import { GatewayError } from '@tollgate/errors';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

/** `?limit=`: an integer 1..100, default 10. */
export function parseLimit(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null || raw === '') return DEFAULT_LIMIT;
  const n = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) throw new GatewayError('invalid_request', `limit must be an integer from 1 to ${MAX_LIMIT}`, { param: 'limit' });
  return n;
}

/** A required parameter that must be one of `allowed`. */
export function parseChoice<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T {
  const raw = query.get(name);
  if (raw !== null && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw new GatewayError('invalid_request', `${name} must be one of ${allowed.join(', ')}`, { param: name });
}

/** A required, non-empty string parameter of at most 200 characters. */
export function parseRequired(query: URLSearchParams, name: string): string {
  const raw = query.get(name)?.trim() ?? '';
  if (raw === '' || raw.length > 200) throw new GatewayError('invalid_request', `${name} is required (at most 200 characters)`, { param: name });
  return raw;
}
