import { createHash } from 'node:crypto';

// The exact-cache key. Two requests share a key only if they are the same JSON value for the same project:
// key order and whitespace do not matter, every other difference (messages, model, temperature, stream,
// stream_options, tools, ...) does. Hazard: a key change silently empties the cache after a deploy, and two
// different requests sharing a key would serve one client another's answer, so change this with care.

const decoder = new TextDecoder('utf-8', { fatal: true });

/** `<projectId>:<sha256 hex of the canonical JSON>`, or undefined when the body is not a JSON object. */
export function cacheKey(projectId: string, requestBody: Uint8Array): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(requestBody));
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  // The hex digest has a fixed length, so a project id containing ':' cannot make two keys collide.
  return `${projectId}:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace. Numbers and strings are
 * written as JSON.stringify writes them, so 1, 1.0 and 1e0 are the same number. The string is built directly
 * rather than by rebuilding objects, so a `__proto__` key stays an ordinary key.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let out = '';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '[') + canonicalJson(value[i]);
    return value.length ? `${out}]` : '[]';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (!ascending(keys)) keys.sort(); // clients mostly send keys in one order; most objects need no sort
  for (let i = 0; i < keys.length; i++) out += `${i ? ',' : '{'}${JSON.stringify(keys[i])}:${canonicalJson(obj[keys[i]!])}`;
  return keys.length ? `${out}}` : '{}';
}

/** Whether the keys are in Array.prototype.sort's default order (UTF-16 code units). */
function ascending(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}
