// One suite for every Postgres implementation (PGlite in the unit tier, a real server in the int tier): the
// migration runner's guarantees and key lookup must hold identically on both.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findKeyByHash } from './key-lookup.ts';
import { generateApiKey, hashApiKey, keyPrefix } from './keys.ts';
import type { PostgresHandle } from './postgres.ts';
import { migratePostgres } from './postgres-migrate.ts';

/** The real schema, so these tests also catch drift between schema.ts and services/api's migrations. */
const API_MIGRATIONS = fileURLToPath(new URL('../../../services/api/migrations', import.meta.url));

/** `open` returns a fresh, empty database each call; the suite closes it. */
export function postgresContract(name: string, open: () => Promise<PostgresHandle & { drop?: () => Promise<void> }>): void {
  // Generous timeouts: starting an embedded database under a parallel test run can take several seconds.
  describe(`postgres contract: ${name}`, { timeout: 30_000 }, () => {
    let h: PostgresHandle & { drop?: () => Promise<void> };
    let dir: string;
    const dirs: string[] = [];
    beforeEach(async () => {
      h = await open();
      dir = await mkdtemp(join(tmpdir(), 'tg-migrations-'));
      dirs.push(dir);
    }, 60_000);
    afterEach(async () => {
      await h.close();
      await h.drop?.();
    });
    afterAll(async () => {
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    });

    it('applies numbered files in order once, and never again', async () => {
      await writeFile(join(dir, '0002_more.sql'), 'ALTER TABLE t ADD COLUMN b int;\nINSERT INTO t (a, b) VALUES (1, 2);\n');
      await writeFile(join(dir, '0001_init.sql'), '-- first\nCREATE TABLE t (a int);\n');
      expect(await migratePostgres(h.db, dir)).toEqual({ applied: ['0001_init.sql', '0002_more.sql'] });
      expect(await migratePostgres(h.db, dir)).toEqual({ applied: [] });
      const rows = await h.db.selectFrom('tg_migrations').select(['version', 'name']).orderBy('version').execute();
      expect(rows).toEqual([
        { version: 1, name: 'init' },
        { version: 2, name: 'more' },
      ]);
    });

    it('refuses when an applied file was edited, naming the file', async () => {
      await writeFile(join(dir, '0001_init.sql'), 'CREATE TABLE t (a int);');
      await migratePostgres(h.db, dir);
      await writeFile(join(dir, '0001_init.sql'), 'CREATE TABLE t (a bigint);');
      await expect(migratePostgres(h.db, dir)).rejects.toThrow(/0001_init\.sql was edited/);
    });

    it('never reuses a retired number under a new name', async () => {
      await writeFile(join(dir, '0001_init.sql'), 'CREATE TABLE t (a int);');
      await migratePostgres(h.db, dir);
      await rm(join(dir, '0001_init.sql'));
      await writeFile(join(dir, '0001_other.sql'), 'CREATE TABLE u (a int);');
      await expect(migratePostgres(h.db, dir)).rejects.toThrow(/0001_other\.sql reuses number 1/);
    });

    it('rolls a failing file back completely and does not record it', async () => {
      await writeFile(join(dir, '0001_bad.sql'), 'CREATE TABLE t (a int);\nSELECT * FROM missing_table;\n');
      await expect(migratePostgres(h.db, dir)).rejects.toThrow(/0001_bad\.sql failed/);
      await writeFile(join(dir, '0001_bad.sql'), 'CREATE TABLE t (a int);\n');
      expect(await migratePostgres(h.db, dir)).toEqual({ applied: ['0001_bad.sql'] });
    });

    it('concurrent runs apply each file exactly once', async () => {
      await writeFile(join(dir, '0001_init.sql'), 'CREATE TABLE t (a int);');
      const results = await Promise.all([migratePostgres(h.db, dir), migratePostgres(h.db, dir), migratePostgres(h.db, dir)]);
      expect(results.flatMap((r) => r.applied)).toEqual(['0001_init.sql']);
    });

    it('finds active keys by hash, and not revoked ones', async () => {
      await migratePostgres(h.db, API_MIGRATIONS);
      const projectId = '00000000-0000-4000-8000-000000000001';
      await h.db.insertInto('projects').values({ id: projectId, name: 'p', created_at: new Date() }).execute();
      const key = generateApiKey();
      const keyId = '00000000-0000-4000-8000-0000000000aa';
      await h.db
        .insertInto('api_keys')
        .values({ id: keyId, project_id: projectId, name: 'k', key_hash: hashApiKey(key), prefix: keyPrefix(key), created_at: new Date() })
        .execute();
      expect(await findKeyByHash(h.db, hashApiKey(key))).toEqual({ keyId, projectId, limits: {} });
      expect(await findKeyByHash(h.db, hashApiKey(generateApiKey()))).toBeUndefined();
      await h.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', keyId).execute();
      expect(await findKeyByHash(h.db, hashApiKey(key))).toBeUndefined();
    });

    it('returns limits, allowed models, expiry, the project limits (plan + overrides) and store_bodies, and not expired keys', async () => {
      await migratePostgres(h.db, API_MIGRATIONS);
      const projectId = '00000000-0000-4000-8000-000000000002';
      await h.db
        .insertInto('projects')
        .values({ id: projectId, name: 'p', created_at: new Date(), plan_id: 'free', limit_overrides: JSON.stringify({ rpm: 99, monthly_budget_usd: null }), store_bodies: 'redacted' })
        .execute();
      const key = generateApiKey();
      const keyId = '00000000-0000-4000-8000-0000000000bb';
      const expiresAt = new Date('2030-01-01T00:00:00Z');
      await h.db
        .insertInto('api_keys')
        .values({
          id: keyId,
          project_id: projectId,
          name: 'k',
          key_hash: hashApiKey(key),
          prefix: keyPrefix(key),
          created_at: new Date(),
          limits: JSON.stringify({ rpm: 5, daily_budget_usd: 1.5 }),
          allowed_models: JSON.stringify(['gpt-4o', 'fast']),
          expires_at: expiresAt,
          metadata: JSON.stringify({ team: 'search' }),
        })
        .execute();
      const before = new Date('2029-12-31T23:59:59Z');
      expect(await findKeyByHash(h.db, hashApiKey(key), before)).toEqual({
        keyId,
        projectId,
        limits: { rpm: 5, dailyBudgetUsd: 1.5 },
        allowedModels: ['gpt-4o', 'fast'],
        expiresAt,
        projectLimits: { rpm: 99, tpm: 40000, requestsPerDay: 1000, dailyBudgetUsd: 1 },
        metadata: { team: 'search' },
        storeBodies: 'redacted',
      });
      expect(await findKeyByHash(h.db, hashApiKey(key), expiresAt)).toBeUndefined();
    });
  });
}
