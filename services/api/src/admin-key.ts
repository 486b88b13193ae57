// The admin key: from TOLLGATE_ADMIN_KEY when set; otherwise the one whose hash an earlier start stored;
// otherwise a new one, generated once, whose hash is stored and whose plaintext main prints once.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { type Database, generateApiKey, hashApiKey } from '@tollgate/db';
import type { Kysely } from 'kysely';

export const ADMIN_KEY_SETTING = 'admin_key_sha256';

export interface ResolvedAdminKey {
  /** sha256 hex of the admin key; what createApi compares against. */
  hash: string;
  /** The plaintext when known: from the environment, or just generated. Never logged. */
  key: string | undefined;
  /** True when this call generated the key: the caller must show it once, it cannot be recovered. */
  generated: boolean;
}

export async function resolveAdminKey(
  db: Kysely<Database>,
  envKey: string | undefined,
  random: (bytes: number) => Uint8Array = randomBytes,
): Promise<ResolvedAdminKey> {
  if (envKey) return { hash: hashApiKey(envKey), key: envKey, generated: false };
  const stored = await readStored(db);
  if (stored) return { hash: stored, key: undefined, generated: false };
  const key = generateApiKey(random(40));
  const hash = hashApiKey(key);
  // Replicas starting together race here: only the first insert wins, the others adopt the stored hash (and do
  // not print a key that would not work).
  const inserted = await db
    .insertInto('settings')
    .values({ name: ADMIN_KEY_SETTING, value: hash })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('name')
    .executeTakeFirst();
  if (inserted) return { hash, key, generated: true };
  return { hash: (await readStored(db))!, key: undefined, generated: false };
}

async function readStored(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', ADMIN_KEY_SETTING).executeTakeFirst();
  return row?.value;
}

/** Whether `token` is the admin key, compared in constant time over the two hashes. */
export function isAdminToken(adminHash: string, token: string): boolean {
  const a = Buffer.from(hashApiKey(token), 'hex');
  const b = Buffer.from(adminHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
