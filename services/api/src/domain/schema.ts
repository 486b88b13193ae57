// A small schema language: each schema validates a JSON value strictly (unknown fields, wrong types and
// out-of-range values are errors naming the field, e.g. `targets[1].weight`) AND renders itself as JSON Schema
// for the OpenAPI document, so that what is documented is exactly what is enforced.

import { GatewayError } from '@tollgate/errors';

export type JsonSchema = Record<string, unknown>;

export interface Schema<T, Opt extends boolean = false> {
  /** Validates `v` found at `path` (the error's param) and returns the value to use. */
  parse(v: unknown, path: string): T;
  readonly json: JsonSchema;
  readonly optional: Opt;
}

export type Infer<S> = S extends Schema<infer T, boolean> ? T : never;
type AnySchema = Schema<unknown, boolean>;
type Shape = Record<string, AnySchema>;
type Out<S extends Shape> = { [K in keyof S as S[K]['optional'] extends true ? never : K]: Infer<S[K]> } & {
  [K in keyof S as S[K]['optional'] extends true ? K : never]?: Infer<S[K]>;
};

export function invalid(path: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `${path || 'body'} ${message}`, path ? { param: path } : {});
}

function schema<T>(json: JsonSchema, parse: (v: unknown, path: string) => T): Schema<T> {
  return { json, parse, optional: false };
}

export function str(o: { min?: number; max: number; pattern?: RegExp; trim?: boolean; description?: string }): Schema<string> {
  const min = o.min ?? 1;
  const json: JsonSchema = { type: 'string', minLength: min, maxLength: o.max };
  if (o.pattern) json.pattern = o.pattern.source;
  if (o.description) json.description = o.description;
  return schema(json, (v, path) => {
    if (typeof v !== 'string') throw invalid(path, 'must be a string');
    const s = o.trim === false ? v : v.trim();
    if (s.length < min) throw invalid(path, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
    if (s.length > o.max) throw invalid(path, `must be at most ${o.max} characters`);
    if (o.pattern && !o.pattern.test(s)) throw invalid(path, `must match ${o.pattern.source}`);
    return s;
  });
}

export function num(o: { min: number; max: number; integer?: boolean; exclusiveMin?: boolean; description?: string }): Schema<number> {
  const json: JsonSchema = { type: o.integer ? 'integer' : 'number', maximum: o.max };
  if (o.exclusiveMin) json.exclusiveMinimum = o.min;
  else json.minimum = o.min;
  if (o.description) json.description = o.description;
  return schema(json, (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(path, 'must be a number');
    if (o.integer && !Number.isInteger(v)) throw invalid(path, 'must be a whole number');
    if (o.exclusiveMin ? v <= o.min : v < o.min) throw invalid(path, `must be ${o.exclusiveMin ? 'greater than' : 'at least'} ${o.min}`);
    if (v > o.max) throw invalid(path, `must be at most ${o.max}`);
    return v;
  });
}

export function bool(description?: string): Schema<boolean> {
  return schema({ type: 'boolean', ...(description ? { description } : {}) }, (v, path) => {
    if (typeof v !== 'boolean') throw invalid(path, 'must be true or false');
    return v;
  });
}

export function oneOf<const V extends string>(values: readonly V[], description?: string): Schema<V> {
  return schema({ type: 'string', enum: [...values], ...(description ? { description } : {}) }, (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw invalid(path, `must be one of ${values.join(', ')}`);
    return v as V;
  });
}

/** An ISO 8601 date-time with a time zone (`2030-01-01T00:00:00Z`), as a Date. */
export function dateTime(description?: string): Schema<Date> {
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  return schema({ type: 'string', format: 'date-time', ...(description ? { description } : {}) }, (v, path) => {
    const ms = typeof v === 'string' && ISO.test(v) ? Date.parse(v) : Number.NaN;
    if (Number.isNaN(ms)) throw invalid(path, 'must be an ISO 8601 date-time with a time zone, e.g. 2030-01-01T00:00:00Z');
    return new Date(ms);
  });
}

export function arr<T>(item: Schema<T>, o: { min?: number; max: number; unique?: boolean; description?: string }): Schema<T[]> {
  const min = o.min ?? 0;
  const json: JsonSchema = { type: 'array', items: item.json, minItems: min, maxItems: o.max };
  if (o.unique) json.uniqueItems = true;
  if (o.description) json.description = o.description;
  return schema(json, (v, path) => {
    if (!Array.isArray(v)) throw invalid(path, 'must be an array');
    if (v.length < min) throw invalid(path, `must have at least ${min} item${min === 1 ? '' : 's'}`);
    if (v.length > o.max) throw invalid(path, `must have at most ${o.max} items`);
    const out = v.map((x, i) => item.parse(x, `${path}[${i}]`));
    if (o.unique && new Set(out.map((x) => JSON.stringify(x))).size !== out.length) throw invalid(path, 'must not repeat an item');
    return out;
  });
}

/** An object of string keys (matching `key`) to values of one schema. */
export function dict<T>(value: Schema<T>, o: { key: Schema<string>; maxKeys: number; description?: string }): Schema<Record<string, T>> {
  const json: JsonSchema = { type: 'object', propertyNames: o.key.json, additionalProperties: value.json, maxProperties: o.maxKeys };
  if (o.description) json.description = o.description;
  return schema(json, (v, path) => {
    if (!isPlainObject(v)) throw invalid(path, 'must be an object');
    const entries = Object.entries(v);
    if (entries.length > o.maxKeys) throw invalid(path, `must have at most ${o.maxKeys} entries`);
    const out: Record<string, T> = {};
    for (const [k, x] of entries) {
      const at = `${path}.${k}`;
      if (o.key.parse(k, at) !== k) throw invalid(at, 'key must not have surrounding spaces');
      out[k] = value.parse(x, at);
    }
    return out;
  });
}

/** A closed object: unknown fields are errors. */
export function obj<S extends Shape>(shape: S, description?: string): Schema<Out<S>> {
  const required = Object.keys(shape).filter((k) => !shape[k].optional);
  const properties = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.json]));
  const json: JsonSchema = { type: 'object', properties, additionalProperties: false };
  if (required.length) json.required = required;
  if (description) json.description = description;
  return schema(json, (v, path) => {
    if (!isPlainObject(v)) throw invalid(path, 'must be an object');
    for (const k of Object.keys(v)) if (!(k in shape)) throw invalid(join(path, k), 'is not a known field');
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(shape)) {
      if (v[k] === undefined) {
        if (!s.optional) throw invalid(join(path, k), 'is required');
        continue;
      }
      out[k] = s.parse(v[k], join(path, k));
    }
    return out as Out<S>;
  });
}

export function optional<T>(s: Schema<T, boolean>): Schema<T, true> {
  return { ...s, optional: true };
}

/** Also accepts null (meaning "clear" in updates). */
export function nullable<T>(s: Schema<T, boolean>): Schema<T | null> {
  const json: JsonSchema = { ...s.json, type: [s.json.type, 'null'] };
  if (Array.isArray(json.enum)) json.enum = [...json.enum, null];
  return schema(json, (v, path) => (v === null ? null : s.parse(v, path)));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
