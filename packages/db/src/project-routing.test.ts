import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptCredential, encryptCredential } from './credentials.ts';
import { createPostgres, type PostgresHandle } from './postgres.ts';
import { migratePostgres } from './postgres-migrate.ts';
import { loadProjectRouting } from './project-routing.ts';

const API_MIGRATIONS = fileURLToPath(new URL('../../../services/api/migrations', import.meta.url));
const KEY = Buffer.alloc(32, 3);
const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';
const C1 = '00000000-0000-4000-8000-0000000000c1';

let h: PostgresHandle;
beforeAll(async () => {
  h = await createPostgres({});
  await migratePostgres(h.db, API_MIGRATIONS);
  for (const id of [P1, P2]) await h.db.insertInto('projects').values({ id, name: id, created_at: new Date() }).execute();
  const secret = encryptCredential(KEY, 'sk-own', { id: C1, projectId: P1 });
  await h.db.insertInto('provider_credentials').values({ id: C1, project_id: P1, name: 'own', provider: 'groq', base_url: 'http://127.0.0.1:1/v1', secret, fingerprint: 'f', created_at: new Date() }).execute();
  const targets = JSON.stringify([{ provider: 'groq', model: 'llama', credential: 'own' }, { provider: 'openai', model: 'gpt-4o-mini' }]);
  await h.db.insertInto('model_routes').values({ project_id: P1, alias: 'fast', strategy: 'priority', targets, created_at: new Date(), updated_at: new Date() }).execute();
}, 60_000);
afterAll(() => h?.close());

describe('loadProjectRouting (PGlite)', () => {
  it("reads a project's routes and credentials, the secret still encrypted and bound to its row", async () => {
    const r = await loadProjectRouting(h.db, P1);
    expect(r.routes).toEqual([{ alias: 'fast', strategy: 'priority', targets: [{ provider: 'groq', model: 'llama', credential: 'own' }, { provider: 'openai', model: 'gpt-4o-mini' }] }]);
    expect(r.credentials).toEqual([{ id: C1, name: 'own', provider: 'groq', baseUrl: 'http://127.0.0.1:1/v1', secret: expect.stringMatching(/^v1\./) }]);
    expect(decryptCredential(KEY, r.credentials[0].secret, { id: C1, projectId: P1 })).toBe('sk-own');
  });

  it('is empty for another project, an unknown one, and an id that is no UUID', async () => {
    for (const id of [P2, '00000000-0000-4000-8000-0000000000ff', 'p1', '']) expect(await loadProjectRouting(h.db, id)).toEqual({ routes: [], credentials: [] });
  });
});
