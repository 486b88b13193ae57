// API keys: generation, hashing and lookup. The plaintext exists only in the response that creates a key; the
// database holds its sha256. A fast hash is right here (unlike passwords): keys carry ~230 bits of entropy, so
// brute force over the hash is hopeless, and ingress hashes on every request.

import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const KEY_PREFIX = 'tg_';
const BODY_LENGTH = 40;

/**
 * `tg_` + 40 characters from [A-Za-z0-9]. `random` (at least 40 bytes) is for tests; each byte picks a character
 * modulo 62, a slight bias that still leaves more than 230 bits of entropy.
 */
export function generateApiKey(random: Uint8Array = randomBytes(BODY_LENGTH)): string {
  if (random.length < BODY_LENGTH) throw new RangeError(`generateApiKey needs ${BODY_LENGTH} random bytes, got ${random.length}`);
  let body = '';
  for (let i = 0; i < BODY_LENGTH; i++) body += ALPHABET[random[i] % ALPHABET.length];
  return KEY_PREFIX + body;
}

/** sha256 hex of the key, as stored in api_keys.key_hash. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The first 10 characters, safe to display so a user can tell keys apart. */
export function keyPrefix(key: string): string {
  return key.slice(0, 10);
}
