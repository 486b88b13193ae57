// Readers for the fields of an SDK event. Pure: each returns the value or throws a FieldError naming the field,
// which the event validator turns into a rejection (400 for one event, one item of a 207 for a batch).

export class FieldError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'FieldError';
    this.field = field;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;
const UINT32_MAX = 0xffff_ffff;

/** null and undefined both mean "not sent". */
export function absent(v: unknown): v is null | undefined {
  return v === undefined || v === null;
}

/** A UUID (any version), lower-cased so that `A...` and `a...` are one event. */
export function uuid(v: unknown, field: string): string {
  if (typeof v !== 'string' || !UUID.test(v)) throw new FieldError(field, `\`${field}\` must be a UUID`);
  return v.toLowerCase();
}

/**
 * Milliseconds since the epoch of an ISO 8601 date-time such as 2026-03-04T05:06:07.089Z. Digits past the
 * millisecond are truncated; without a zone the time is UTC (what Python's naive isoformat() sends).
 */
export function isoTimestamp(v: unknown, field: string): number {
  const m = typeof v === 'string' ? ISO.exec(v) : null;
  if (!m) throw new FieldError(field, `\`${field}\` must be an ISO 8601 date-time such as 2026-03-04T05:06:07.089Z`);
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const t = new Date(local);
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || t.getUTCHours() !== h || t.getUTCMinutes() !== mi || t.getUTCSeconds() !== s) {
    throw new FieldError(field, `\`${field}\` is not a valid date-time`);
  }
  return local - offsetMinutes(m[8]) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return zone[0] === '-' ? -minutes : minutes;
}

/** A short string (ids, names): at most maxChars characters; '' when absent. */
export function shortString(v: unknown, field: string, maxChars: number): string {
  if (absent(v)) return '';
  if (typeof v !== 'string') throw new FieldError(field, `\`${field}\` must be a string`);
  if (v.length > maxChars) throw new FieldError(field, `\`${field}\` is too long (at most ${maxChars} characters)`);
  return v;
}

/** Free text, or any JSON value kept as its JSON text; at most maxBytes bytes of UTF-8. '' when absent. */
export function text(v: unknown, field: string, maxBytes: number, opts: { structured: boolean }): string {
  if (absent(v)) return '';
  if (typeof v !== 'string' && !opts.structured) throw new FieldError(field, `\`${field}\` must be a string`);
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return withinBytes(s, field, maxBytes);
}

export function withinBytes(s: string, field: string, maxBytes: number): string {
  // Cheap bound first: a string of n UTF-16 units is at most 3n bytes of UTF-8.
  if (s.length * 3 > maxBytes && Buffer.byteLength(s) > maxBytes) {
    throw new FieldError(field, `\`${field}\` is larger than ${maxBytes} bytes`);
  }
  return s;
}

/** A whole number from 0 to 2^32-1; 0 when absent. */
export function uint32(v: unknown, field: string): number {
  if (absent(v)) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > UINT32_MAX) {
    throw new FieldError(field, `\`${field}\` must be a whole number from 0 to ${UINT32_MAX}`);
  }
  return v;
}

/** A duration in milliseconds: a non-negative number, rounded; 0 when absent. */
export function millis(v: unknown, field: string): number {
  if (absent(v)) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > UINT32_MAX) {
    throw new FieldError(field, `\`${field}\` must be a number of milliseconds from 0 to ${UINT32_MAX}`);
  }
  return Math.round(v);
}

/** USD as a number, in billionths of a dollar so that sums stay exact; 0n when absent. */
export function usdToNano(v: unknown, field: string, maxUsd: number): bigint {
  if (absent(v)) return 0n;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > maxUsd) {
    throw new FieldError(field, `\`${field}\` must be a number of US dollars from 0 to ${maxUsd}`);
  }
  return BigInt(Math.round(v * 1e9));
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
