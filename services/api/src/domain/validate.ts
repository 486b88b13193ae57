// Request validation for the management and analytics routes. Every failure is a GatewayError a client can act
// on; a malformed id is reported as "not found" (it cannot name anything that exists), never as a server error.

import { GatewayError } from '@tollgate/errors';

export const MAX_NAME_LENGTH = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})/;
/** ClickHouse `Date` covers 1970-01-01 to 2149-06-06; the defaults cover all of it. */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '2149-06-06';

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** The id path parameter, lower-cased; 404 for anything that is not a UUID. */
export function requireUuid(s: string, what: string): string {
  if (!isUuid(s)) throw new GatewayError('not_found', `${what} not found`);
  return s.toLowerCase();
}

/** `{"name": "..."}` and nothing else: a non-empty string of at most 200 characters, trimmed. */
export function parseNameBody(body: Record<string, unknown>): { name: string } {
  for (const k of Object.keys(body)) {
    if (k !== 'name') throw new GatewayError('invalid_request', `unknown field: ${k}`, { param: k });
  }
  const name = body.name;
  if (typeof name !== 'string') throw new GatewayError('invalid_request', 'name must be a string', { param: 'name' });
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new GatewayError('invalid_request', 'name must not be empty', { param: 'name' });
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new GatewayError('invalid_request', `name must be at most ${MAX_NAME_LENGTH} characters`, { param: 'name' });
  }
  return { name: trimmed };
}

/**
 * `?from=&to=` as inclusive UTC days (`YYYY-MM-DD`). Each accepts an ISO date or date-time; a date-time counts
 * from its UTC day. Absent bounds are open.
 */
export function parseDayRange(query: URLSearchParams): { from: string; to: string } {
  const from = parseDay(query.get('from'), 'from') ?? FIRST_DAY;
  const to = parseDay(query.get('to'), 'to') ?? LAST_DAY;
  if (from > to) throw new GatewayError('invalid_request', 'from must not be after to', { param: 'from' });
  return { from, to };
}

function parseDay(raw: string | null, param: string): string | undefined {
  if (raw === null || raw === '') return undefined;
  const bad = () => new GatewayError('invalid_request', `${param} must be an ISO date (YYYY-MM-DD) between ${FIRST_DAY} and ${LAST_DAY}`, { param });
  const ms = DAY.test(raw) ? Date.parse(raw.length === 10 ? `${raw}T00:00:00Z` : raw) : Number.NaN;
  if (Number.isNaN(ms)) throw bad();
  const day = new Date(ms).toISOString().slice(0, 10);
  // Date.parse rolls 2024-02-30 over to March; a day that changed was not a real date.
  if (raw.length === 10 && day !== raw) throw bad();
  if (day < FIRST_DAY || day > LAST_DAY) throw bad();
  return day;
}
