// Credentials, model routes, plans and limits through the HTTP handler, and who may do what. Run over PGlite
// (unit tier) and a real Postgres (int tier).

import { findKeyByHash, hashApiKey, loadCredential, type PostgresHandle } from '@tollgate/db';
import { describe, expect, it } from 'vitest';
import { ENCRYPTION_KEY, useManagementFixture } from './management.suite.ts';

export function configContract(name: string, openPostgres: () => Promise<PostgresHandle & { drop?: () => Promise<void> }>): void {
  describe(`management config: ${name}`, () => {
    const f = useManagementFixture(openPostgres);
    const newProject = async () => (await f.call('POST', '/api/v1/projects', { body: { name: 'p' } })).json.id as string;
    const newKey = async (p: string) => (await f.call('POST', `/api/v1/projects/${p}/keys`, { body: { name: 'k' } })).json as { id: string; key: string };
    const cred = { name: 'mine', provider: 'openai', api_key: 'sk-live-0123456789', base_url: 'https://api.openai.com/v1' };

    describe('credentials', () => {
      it('stores the provider key encrypted, never shows it, and decrypts it for the router', async () => {
        const p = await newProject();
        const res = await f.call('POST', `/api/v1/projects/${p}/credentials`, { body: cred });
        expect(res.status).toBe(201);
        expect(res.json).toEqual({ id: expect.any(String), name: 'mine', provider: 'openai', base_url: cred.base_url, fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{12}$/), created_at: expect.any(String) });
        const listed = await f.call('GET', `/api/v1/projects/${p}/credentials`);
        expect(listed.json.data).toEqual([res.json]);
        const rows = await f.pg.db.selectFrom('provider_credentials').selectAll().execute();
        expect(JSON.stringify(rows)).not.toContain(cred.api_key);
        expect(await loadCredential(f.pg.db, ENCRYPTION_KEY, p, 'mine')).toMatchObject({ provider: 'openai', apiKey: cred.api_key, baseUrl: cred.base_url });
        expect((await f.call('POST', `/api/v1/projects/${p}/credentials`, { body: cred })).json.error.param).toBe('name');
      });

      it('explains that TOLLGATE_ENCRYPTION_KEY is needed', async () => {
        const p = await newProject();
        const res = await f.callWithoutKey('POST', `/api/v1/projects/${p}/credentials`, { body: cred });
        expect(res.status).toBe(503);
        expect(res.json.error.message).toMatch(/TOLLGATE_ENCRYPTION_KEY/);
      });

      it('validates fields, and refuses to delete a credential a route uses', async () => {
        const p = await newProject();
        for (const [body, param] of [
          [{ ...cred, provider: 'Open AI' }, 'provider'],
          [{ ...cred, base_url: 'ftp://x' }, 'base_url'],
          [{ ...cred, api_key: '' }, 'api_key'],
          [{ ...cred, extra: 1 }, 'extra'],
        ] as const) {
          expect((await f.call('POST', `/api/v1/projects/${p}/credentials`, { body })).json.error.param).toBe(param);
        }
        await f.call('POST', `/api/v1/projects/${p}/credentials`, { body: cred });
        await f.call('PUT', `/api/v1/projects/${p}/routes/smart`, { body: { targets: [{ provider: 'openai', model: 'gpt-4o', credential: 'mine' }] } });
        expect((await f.call('DELETE', `/api/v1/projects/${p}/credentials/mine`)).json.error.message).toMatch(/used by routes smart/);
        await f.call('DELETE', `/api/v1/projects/${p}/routes/smart`);
        expect((await f.call('DELETE', `/api/v1/projects/${p}/credentials/mine`)).status).toBe(204);
        expect((await f.call('DELETE', `/api/v1/projects/${p}/credentials/mine`)).status).toBe(404);
      });
    });

    describe('model routes', () => {
      it('creates, replaces, lists and deletes an alias, publishing each change', async () => {
        const p = await newProject();
        const body = { strategy: 'weighted', targets: [{ provider: 'openai', model: 'gpt-4o-mini', weight: 3 }, { provider: 'groq', model: 'llama-3.1-8b-instant' }] };
        const created = await f.call('PUT', `/api/v1/projects/${p}/routes/fast`, { body });
        expect(created.status).toBe(201);
        expect(created.json).toMatchObject({ alias: 'fast', strategy: 'weighted', targets: [{ provider: 'openai', model: 'gpt-4o-mini', weight: 3 }, { provider: 'groq', model: 'llama-3.1-8b-instant', weight: 1 }] });
        expect(await f.nextChange((c) => c.type === 'project' && c.projectId === p && c.change === 'routes')).toMatchObject({ alias: 'fast' });
        const replaced = await f.call('PUT', `/api/v1/projects/${p}/routes/fast`, { body: { targets: [{ provider: 'openai', model: 'gpt-4o' }] } });
        expect(replaced).toMatchObject({ status: 200, json: { strategy: 'priority', targets: [{ provider: 'openai', model: 'gpt-4o' }] } });
        expect((await f.call('GET', `/api/v1/projects/${p}/routes`)).json.data).toEqual([replaced.json]);
        expect((await f.call('DELETE', `/api/v1/projects/${p}/routes/fast`)).status).toBe(204);
        expect((await f.call('GET', `/api/v1/projects/${p}/routes/fast`)).status).toBe(404);
      });

      it('validates strictly', async () => {
        const p = await newProject();
        await f.call('POST', `/api/v1/projects/${p}/credentials`, { body: cred });
        const t = { provider: 'openai', model: 'gpt-4o' };
        const cases: [unknown, string][] = [
          [{ targets: [] }, 'targets'],
          [{ targets: [{ ...t, weight: 2 }] }, 'targets[0].weight'],
          [{ strategy: 'weighted', targets: [{ ...t, weight: 0 }] }, 'targets[0].weight'],
          [{ strategy: 'random', targets: [t] }, 'strategy'],
          [{ targets: [t, { provider: 'groq', model: '' }] }, 'targets[1].model'],
          [{ targets: [{ ...t, credential: 'nope' }] }, 'targets[0].credential'],
          [{ targets: [{ provider: 'groq', model: 'x', credential: 'mine' }] }, 'targets[0].credential'],
          [{ targets: [t, t] }, 'targets[1]'],
          [{ targets: [{ ...t, temperature: 1 }] }, 'targets[0].temperature'],
        ];
        for (const [body, param] of cases) {
          const res = await f.call('PUT', `/api/v1/projects/${p}/routes/a`, { body });
          expect(res.status, JSON.stringify(body)).toBe(400);
          expect(res.json.error.param, JSON.stringify(body)).toBe(param);
        }
        expect((await f.call('PUT', `/api/v1/projects/${p}/routes/${'x'.repeat(129)}`, { body: { targets: [t] } })).status).toBe(404);
      });
    });

    describe('plans and limits', () => {
      it('seeds free, starter and pro, and applies plan limits unless overridden', async () => {
        expect((await f.call('GET', '/api/v1/plans')).json.data.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['free', 'starter', 'pro']));
        const p = await newProject();
        const k = await newKey(p);
        const set = await f.call('PUT', `/api/v1/projects/${p}/plan`, { body: { plan: 'free' } });
        expect(set.json).toMatchObject({ plan: 'free', overrides: {}, effective: { rpm: 20, requests_per_day: 1000 } });
        expect(await f.nextChange((c) => c.type === 'project' && c.projectId === p && c.change === 'plan')).toMatchObject({ keyHashes: [hashApiKey(k.key)] });
        const over = await f.call('PUT', `/api/v1/projects/${p}/limits`, { body: { rpm: 100, requests_per_day: null } });
        expect(over.json.effective).toEqual({ rpm: 100, tpm: 40000, daily_budget_usd: 1, monthly_budget_usd: 10 });
        expect((await findKeyByHash(f.pg.db, hashApiKey(k.key), f.clock.now))?.projectLimits).toEqual({ rpm: 100, tpm: 40000, dailyBudgetUsd: 1, monthlyBudgetUsd: 10 });
        expect((await f.call('PUT', `/api/v1/projects/${p}/plan`, { body: { plan: 'gold' } })).json.error.param).toBe('plan');
        expect((await f.call('PUT', `/api/v1/projects/${p}/limits`, { body: { rpm: 'many' } })).json.error.param).toBe('rpm');
      });

      it('creates, updates (propagating to projects on the plan) and deletes plans', async () => {
        const plan = { id: 'team', name: 'Team', limits: { rpm: 50, daily_budget_usd: 5 } };
        expect((await f.call('POST', '/api/v1/plans', { body: plan })).status).toBe(201);
        expect((await f.call('POST', '/api/v1/plans', { body: plan })).json.error.param).toBe('id');
        const p = await newProject();
        const k = await newKey(p);
        await f.call('PUT', `/api/v1/projects/${p}/plan`, { body: { plan: 'team' } });
        const updated = await f.call('PUT', '/api/v1/plans/team', { body: { name: 'Team', limits: { rpm: 70 } } });
        expect(updated.json.limits).toEqual({ rpm: 70 });
        expect((await findKeyByHash(f.pg.db, hashApiKey(k.key), f.clock.now))?.projectLimits).toEqual({ rpm: 70 });
        expect((await f.call('DELETE', '/api/v1/plans/team')).json.error.message).toMatch(/in use/);
        await f.call('PUT', `/api/v1/projects/${p}/plan`, { body: { plan: null } });
        expect((await f.call('DELETE', '/api/v1/plans/team')).status).toBe(204);
        expect((await f.call('GET', '/api/v1/plans/team')).status).toBe(404);
        expect((await f.call('POST', '/api/v1/plans', { body: { id: 'x', name: 'X', limits: { rpm: -5 } } })).json.error.param).toBe('limits.rpm');
      });
    });

    describe('permissions', () => {
      it("lets a project key read its own project's configuration, never another's, and never write", async () => {
        const a = await newProject();
        const b = await newProject();
        const ka = await newKey(a);
        const kb = await newKey(b);
        for (const path of ['', '/keys', `/keys/${ka.id}`, '/credentials', '/routes', '/limits']) {
          expect((await f.call('GET', `/api/v1/projects/${a}${path}`, { auth: ka.key })).status, path).toBe(200);
          expect((await f.call('GET', `/api/v1/projects/${b}${path.replace(ka.id, kb.id)}`, { auth: ka.key })).status, path).toBe(404);
        }
        const writes: [string, string, unknown][] = [
          ['POST', `/api/v1/projects/${a}/keys`, { name: 'x' }],
          ['PATCH', `/api/v1/projects/${a}/keys/${ka.id}`, { rpm: 1 }],
          ['DELETE', `/api/v1/projects/${a}/keys/${ka.id}`, undefined],
          ['POST', `/api/v1/projects/${a}/keys/${ka.id}/rotate`, {}],
          ['POST', `/api/v1/projects/${a}/credentials`, cred],
          ['DELETE', `/api/v1/projects/${a}/credentials/mine`, undefined],
          ['PUT', `/api/v1/projects/${a}/routes/x`, { targets: [{ provider: 'openai', model: 'm' }] }],
          ['DELETE', `/api/v1/projects/${a}/routes/x`, undefined],
          ['PUT', `/api/v1/projects/${a}/plan`, { plan: 'pro' }],
          ['PUT', `/api/v1/projects/${a}/limits`, {}],
          ['GET', '/api/v1/plans', undefined],
          ['POST', '/api/v1/plans', { id: 'y', name: 'Y', limits: {} }],
          ['PUT', '/api/v1/plans/free', { name: 'Free', limits: {} }],
          ['DELETE', '/api/v1/plans/free', undefined],
          ['PATCH', `/api/v1/projects/${b}/keys/${kb.id}`, { rpm: 1 }],
        ];
        for (const [method, url, body] of writes) {
          const res = await f.call(method as 'POST', url, { auth: ka.key, body });
          expect(res.status, `${method} ${url}`).toBe(403);
        }
        expect((await f.call('GET', `/api/v1/projects/${a}/keys`, { auth: null })).status).toBe(401);
        expect(await findKeyByHash(f.pg.db, hashApiKey(ka.key), f.clock.now)).toBeDefined();
      });
    });
  });
}
