// Keys through the HTTP handler: settings, validation, expiry, rotation, revocation and the config changes they
// publish. Run over PGlite (unit tier) and a real Postgres (int tier).

import { findKeyByHash, hashApiKey, type PostgresHandle } from '@tollgate/db';
import { describe, expect, it } from 'vitest';
import { MISSING, useManagementFixture } from './management.suite.ts';

export function keysContract(name: string, openPostgres: () => Promise<PostgresHandle & { drop?: () => Promise<void> }>): void {
  describe(`management keys: ${name}`, () => {
    const f = useManagementFixture(openPostgres);
    const newProject = async () => (await f.call('POST', '/api/v1/projects', { body: { name: 'p' } })).json.id as string;
    const keysUrl = (p: string) => `/api/v1/projects/${p}/keys`;
    const works = async (p: string, key: string) => (await f.call('GET', `/api/v1/projects/${p}`, { auth: key })).status === 200;
    const later = (seconds: number) => new Date(f.clock.now.getTime() + seconds * 1000);

    it('creates a key with limits, allowed models, expiry and metadata, and lists it by prefix only', async () => {
      const p = await newProject();
      const body = { name: 'svc', rpm: 60, tpm: 10000, daily_budget_usd: 2.5, monthly_budget_usd: 50, allowed_models: ['gpt-4o', 'fast'], expires_at: '2031-01-01T00:00:00Z', metadata: { team: 'search' } };
      const res = await f.call('POST', keysUrl(p), { body });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({
        key: expect.stringMatching(/^tg_/),
        limits: { rpm: 60, tpm: 10000, daily_budget_usd: 2.5, monthly_budget_usd: 50 },
        allowed_models: ['gpt-4o', 'fast'],
        expires_at: '2031-01-01T00:00:00.000Z',
        metadata: { team: 'search' },
      });
      const listed = await f.call('GET', keysUrl(p));
      const { key: _, ...shown } = res.json;
      expect(listed.json.data).toEqual([{ ...shown, revoked_at: null }]);
      expect(listed.text).not.toContain(res.json.key);
      const identity = await findKeyByHash(f.pg.db, hashApiKey(res.json.key), f.clock.now);
      expect(identity).toMatchObject({ limits: { rpm: 60, tpm: 10000, dailyBudgetUsd: 2.5, monthlyBudgetUsd: 50 }, allowedModels: ['gpt-4o', 'fast'], expiresAt: new Date('2031-01-01T00:00:00Z') });
    });

    it('rejects invalid settings, naming the field', async () => {
      const p = await newProject();
      const cases: [Record<string, unknown>, string][] = [
        [{ name: 'k', rpm: -1 }, 'rpm'],
        [{ name: 'k', tpm: 1.5 }, 'tpm'],
        [{ name: 'k', daily_budget_usd: '5' }, 'daily_budget_usd'],
        [{ name: 'k', allowed_models: [] }, 'allowed_models'],
        [{ name: 'k', allowed_models: ['a', 'a'] }, 'allowed_models'],
        [{ name: 'k', allowed_models: ['has space'] }, 'allowed_models[0]'],
        [{ name: 'k', expires_at: 'tomorrow' }, 'expires_at'],
        [{ name: 'k', expires_at: '2029-01-01T00:00:00Z' }, 'expires_at'],
        [{ name: 'k', metadata: { team: 1 } }, 'metadata.team'],
        [{ name: 'k', metadata: ['x'] }, 'metadata'],
        [{ name: 'k', rmp: 5 }, 'rmp'],
        [{}, 'name'],
      ];
      for (const [body, param] of cases) {
        const res = await f.call('POST', keysUrl(p), { body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.error).toMatchObject({ type: 'invalid_request_error', param });
      }
    });

    it('updates settings partially, null clears, and publishes the change', async () => {
      const p = await newProject();
      const k = (await f.call('POST', keysUrl(p), { body: { name: 'k', rpm: 5, tpm: 7, allowed_models: ['a'] } })).json;
      const res = await f.call('PATCH', `${keysUrl(p)}/${k.id}`, { body: { rpm: 10, tpm: null, allowed_models: null, metadata: { env: 'prod' } } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ name: 'k', limits: { rpm: 10 }, metadata: { env: 'prod' } });
      expect(res.json.allowed_models).toBeUndefined();
      expect((await f.call('GET', `${keysUrl(p)}/${k.id}`)).json).toEqual(res.json);
      expect(await f.nextChange((c) => c.type === 'key' && c.keyId === k.id)).toMatchObject({ change: 'updated', keyHashes: [hashApiKey(k.key)] });
      expect((await f.call('PATCH', `${keysUrl(p)}/${k.id}`, { body: {} })).status).toBe(400);
      expect((await f.call('PATCH', `${keysUrl(p)}/${MISSING}`, { body: { rpm: 1 } })).status).toBe(404);
    });

    it('enforces expiry', async () => {
      const p = await newProject();
      const k = (await f.call('POST', keysUrl(p), { body: { name: 'k', expires_at: later(60).toISOString() } })).json;
      expect(await works(p, k.key)).toBe(true);
      const saved = f.clock.now;
      f.clock.now = later(60);
      try {
        expect(await works(p, k.key)).toBe(false);
        expect(await findKeyByHash(f.pg.db, hashApiKey(k.key), f.clock.now)).toBeUndefined();
      } finally {
        f.clock.now = saved;
      }
    });

    it('revokes: the key stops working and a KeyChanged event carries its hash', async () => {
      const p = await newProject();
      const k = (await f.call('POST', keysUrl(p), { body: { name: 'k' } })).json;
      expect((await f.call('DELETE', `${keysUrl(p)}/${k.id}`)).status).toBe(204);
      expect(await works(p, k.key)).toBe(false);
      const change = await f.nextChange((c) => c.type === 'key' && c.keyId === k.id && c.change === 'revoked');
      expect(change).toEqual({ type: 'key', projectId: p, keyId: k.id, change: 'revoked', keyHashes: [hashApiKey(k.key)] });
    });

    it('rotates with an overlap: both keys work until it ends, then only the new one', async () => {
      const p = await newProject();
      const old = (await f.call('POST', keysUrl(p), { body: { name: 'k', rpm: 9, metadata: { a: 'b' } } })).json;
      const res = await f.call('POST', `${keysUrl(p)}/${old.id}/rotate`, { body: { overlap_seconds: 300 } });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({ name: 'k', limits: { rpm: 9 }, metadata: { a: 'b' }, rotated_from: { id: old.id, expires_at: later(300).toISOString() } });
      expect(res.json.key).not.toBe(old.key);
      expect(await works(p, old.key)).toBe(true);
      expect(await works(p, res.json.key)).toBe(true);
      const change = await f.nextChange((c) => c.type === 'key' && c.keyId === old.id);
      expect(change).toMatchObject({ change: 'rotated', keyHashes: [hashApiKey(old.key)], expiresAt: later(300) });
      const again = await f.call('POST', `${keysUrl(p)}/${old.id}/rotate`, { raw: '' });
      expect(again.status).toBe(400);
      expect(again.json.error.message).toMatch(/already rotated/);
      const saved = f.clock.now;
      f.clock.now = later(300);
      try {
        expect(await works(p, old.key)).toBe(false);
        expect(await works(p, res.json.key)).toBe(true);
      } finally {
        f.clock.now = saved;
      }
    });

    it('rotates without an overlap (empty body): the old key stops at once; revoked keys cannot be rotated', async () => {
      const p = await newProject();
      const old = (await f.call('POST', keysUrl(p), { body: { name: 'k' } })).json;
      const res = await f.call('POST', `${keysUrl(p)}/${old.id}/rotate`);
      expect(res.status).toBe(201);
      expect(await works(p, old.key)).toBe(false);
      expect(await works(p, res.json.key)).toBe(true);
      expect((await f.call('DELETE', `${keysUrl(p)}/${res.json.id}`)).status).toBe(204);
      expect((await f.call('POST', `${keysUrl(p)}/${res.json.id}/rotate`)).json.error.message).toMatch(/revoked/);
      expect((await f.call('POST', `${keysUrl(p)}/${MISSING}/rotate`)).status).toBe(404);
      expect((await f.call('POST', `${keysUrl(p)}/${old.id}/rotate`, { body: { overlap_seconds: -1 } })).json.error.param).toBe('overlap_seconds');
    });
  });
}
