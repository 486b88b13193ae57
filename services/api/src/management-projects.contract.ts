// A project's settings through the HTTP handler: store_bodies is validated, persisted, read back with the key
// (findKeyByHash, what ingress caches) and announced so that ingress replicas drop their cached keys. Run over
// PGlite (unit tier) and a real Postgres (int tier).

import { findKeyByHash, hashApiKey, type PostgresHandle } from '@tollgate/db';
import { describe, expect, it } from 'vitest';
import { useManagementFixture } from './management.suite.ts';

export function projectsContract(name: string, openPostgres: () => Promise<PostgresHandle & { drop?: () => Promise<void> }>): void {
  describe(`management projects: ${name}`, () => {
    const f = useManagementFixture(openPostgres);
    const newProject = async () => (await f.call('POST', '/api/v1/projects', { body: { name: 'p' } })).json.id as string;
    const newKey = async (p: string) => (await f.call('POST', `/api/v1/projects/${p}/keys`, { body: { name: 'k' } })).json as { id: string; key: string };
    const identity = (key: string) => findKeyByHash(f.pg.db, hashApiKey(key), f.clock.now);

    it('stores store_bodies, returns it with the project and the key, and announces the change to ingress', async () => {
      const p = await newProject();
      const k = await newKey(p);
      expect((await f.call('GET', `/api/v1/projects/${p}`)).json.store_bodies).toBeNull();
      expect((await identity(k.key))?.storeBodies).toBeUndefined();

      const set = await f.call('PATCH', `/api/v1/projects/${p}`, { body: { store_bodies: 'redacted' } });
      expect(set).toMatchObject({ status: 200, json: { id: p, name: 'p', store_bodies: 'redacted' } });
      expect((await f.call('GET', `/api/v1/projects/${p}`, { auth: k.key })).json.store_bodies).toBe('redacted');
      expect((await identity(k.key))?.storeBodies).toBe('redacted');
      const change = await f.nextChange((c) => c.type === 'project' && c.projectId === p);
      expect(change.keyHashes).toEqual([hashApiKey(k.key)]);

      expect((await f.call('PATCH', `/api/v1/projects/${p}`, { body: { name: ' renamed ' } })).json).toMatchObject({ name: 'renamed', store_bodies: 'redacted' });
      expect((await f.call('PATCH', `/api/v1/projects/${p}`, { body: { store_bodies: 'full' } })).json.store_bodies).toBe('full');
      expect((await identity(k.key))?.storeBodies).toBe('full');
      expect((await f.call('PATCH', `/api/v1/projects/${p}`, { body: { store_bodies: null } })).json.store_bodies).toBeNull();
      expect((await identity(k.key))?.storeBodies).toBeUndefined();
      expect((await f.call('PATCH', `/api/v1/projects/${p}`, { body: {} })).json).toMatchObject({ name: 'renamed', store_bodies: null });
    });

    it('validates the body, and only the admin may change a project', async () => {
      const p = await newProject();
      const k = await newKey(p);
      for (const [body, param] of [
        [{ store_bodies: 'everything' }, 'store_bodies'],
        [{ store_bodies: true }, 'store_bodies'],
        [{ name: '' }, 'name'],
        [{ colour: 'red' }, 'colour'],
      ] as const) {
        const res = await f.call('PATCH', `/api/v1/projects/${p}`, { body });
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.error.param).toBe(param);
      }
      expect((await f.call('PATCH', `/api/v1/projects/${p}`, { raw: '[]' })).status).toBe(400);
      expect((await f.call('PATCH', `/api/v1/projects/${p}`, { auth: k.key, body: { store_bodies: 'full' } })).status).toBe(403);
      expect((await f.call('PATCH', '/api/v1/projects/00000000-0000-4000-8000-000000000000', { body: { store_bodies: 'full' } })).status).toBe(404);
      expect((await f.call('GET', `/api/v1/projects/${p}`)).json.store_bodies).toBeNull();
    });
  });
}
