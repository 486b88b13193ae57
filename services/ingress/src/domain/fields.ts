import { GatewayError } from '@tollgate/errors';

// Small checks shared by the request validators. Each throws a 400 naming the offending field.

export type Json = Record<string, unknown>;

export function bad(message: string, param?: string): GatewayError {
  return new GatewayError('invalid_request', message, { param });
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function requireObject(body: unknown): Json {
  if (!isObject(body)) throw bad('the request body must be a JSON object');
  return body;
}

export function requireModel(b: Json): string {
  if (typeof b.model !== 'string' || b.model.trim() === '') throw bad('`model` is required and must be a non-empty string', 'model');
  if (b.model.length > 256) throw bad('`model` is too long (at most 256 characters)', 'model');
  return b.model;
}

export function optionalBoolean(b: Json, name: string): boolean {
  const v = b[name];
  if (v !== undefined && v !== null && typeof v !== 'boolean') throw bad(`\`${name}\` must be a boolean`, name);
  return v === true;
}

export function optionalString(b: Json, name: string, param = name): void {
  const v = b[name];
  if (v !== undefined && v !== null && typeof v !== 'string') throw bad(`\`${param}\` must be a string`, param);
}

/** Numbers that must lie in [lo, hi]; `integer` ones must also be whole. */
export function checkNumbers(b: Json, ranges: Array<[string, number, number, boolean?]>): void {
  for (const [name, lo, hi, integer] of ranges) {
    const v = b[name];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
      throw bad(`\`${name}\` must be ${integer ? 'a whole number' : 'a number'} from ${lo} to ${hi}`, name);
    }
  }
}

/** Fields that belong to another endpoint: a precise pointer instead of a provider's puzzling error. */
export function rejectForeign(b: Json, fields: Record<string, string>): void {
  for (const [name, hint] of Object.entries(fields)) if (b[name] !== undefined) throw bad(`\`${name}\` is not a field of this endpoint: ${hint}`, name);
}
