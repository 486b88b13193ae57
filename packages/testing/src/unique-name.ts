import { randomBytes } from 'node:crypto';

/**
 * A name no other test run uses: prefix + 10 random [a-z0-9] characters. Safe as a NATS subject token, stream,
 * consumer or bucket name, Redis key prefix and (unquoted) Postgres identifier.
 */
export function uniqueName(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (const b of randomBytes(10)) s += alphabet[b % alphabet.length];
  return prefix + s;
}
