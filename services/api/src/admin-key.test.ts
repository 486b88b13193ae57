import { fileURLToPath } from 'node:url';
import { createPostgres, hashApiKey, migratePostgres, type PostgresHandle } from '@tollgate/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY_SETTING, isAdminToken, resolveAdminKey } from './admin-key.ts';

// PGlite is in-process, so this runs in the fast tier; one database for the file, reset between tests.
let pg: PostgresHandle;
beforeAll(async () => {
  pg = await createPostgres({});
  await migratePostgres(pg.db, fileURLToPath(new URL('../migrations', import.meta.url)));
}, 60_000);
afterAll(() => pg.close());
const reset = () => pg.db.deleteFrom('settings').execute();
const stored = async () => (await pg.db.selectFrom('settings').select('value').where('name', '=', ADMIN_KEY_SETTING).executeTakeFirst())?.value;

describe('resolveAdminKey', () => {
  it('uses TOLLGATE_ADMIN_KEY when set, storing nothing', async () => {
    await reset();
    expect(await resolveAdminKey(pg.db, 'env-key')).toEqual({ hash: hashApiKey('env-key'), key: 'env-key', generated: false });
    expect(await stored()).toBeUndefined();
  });

  it('generates a key once, stores only its hash, and reuses the hash afterwards', async () => {
    await reset();
    const first = await resolveAdminKey(pg.db, undefined);
    expect(first.generated).toBe(true);
    expect(first.key).toMatch(/^tg_[A-Za-z0-9]{40}$/);
    expect(await stored()).toBe(hashApiKey(first.key!));
    const again = await resolveAdminKey(pg.db, undefined);
    expect(again).toEqual({ hash: first.hash, key: undefined, generated: false });
  });

  it('lets only one of several racing starts generate the key', async () => {
    await reset();
    const results = await Promise.all([1, 2, 3].map(() => resolveAdminKey(pg.db, undefined)));
    const generated = results.filter((r) => r.generated);
    expect(generated).toHaveLength(1);
    for (const r of results) expect(r.hash).toBe(generated[0].hash);
  });
});

describe('isAdminToken', () => {
  it('accepts only the key whose hash is given', () => {
    const hash = hashApiKey('tg_secret');
    expect(isAdminToken(hash, 'tg_secret')).toBe(true);
    expect(isAdminToken(hash, 'tg_secreT')).toBe(false);
    expect(isAdminToken('not-hex', 'tg_secret')).toBe(false);
  });
});
