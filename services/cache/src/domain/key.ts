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
  sortKeys(keys);
  for (let i = 0; i < keys.length; i++) out += `${i ? ',' : '{'}${JSON.stringify(keys[i])}:${canonicalJson(obj[keys[i]!])}`;
  return keys.length ? `${out}}` : '{}';
}

/**
 * Sorts in Array.prototype.sort's default order (UTF-16 code units). Objects in requests have a handful of keys:
 * an insertion sort in place allocates nothing, where sort() copies the array into a work area on every call.
 */
function sortKeys(keys: string[]): void {
  if (keys.length > 32) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > k; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = k;
  }
}
