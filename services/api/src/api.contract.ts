// What users of the management and analytics API rely on, run against each Postgres implementation.

import { Readable } from 'node:stream';
import { hashApiKey, type PostgresHandle } from '@tollgate/db';
import { createLogger } from '@tollgate/telemetry';
import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { createApi } from './api.ts';
import { ADMIN, useApiFixture } from './api.suite.ts';

/** OpenAI's error shape: exactly message, type, code (strings) and param (string or null). */
function expectOpenAiError(json: { error: Record<string, unknown> }): void {
  expect(Object.keys(json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  for (const k of ['code', 'message', 'type']) expect(typeof json.error[k]).toBe('string');
  expect(json.error.param === null || typeof json.error.param === 'string').toBe(true);
}
const MISSING = '00000000-0000-4000-8000-000000000000';

export function apiContract(name: string, openPostgres: () => Promise<PostgresHandle & { drop?: () => Promise<void> }>, chDatabase: string): void {
  describe(`api: ${name}`, () => {
    const f = useApiFixture(openPostgres, chDatabase);
    const newProject = async (n = 'proj') => (await f.call('POST', '/api/v1/projects', { body: { name: n } })).json as { id: string };
    const newKey = async (projectId: string) =>
      (await f.call('POST', `/api/v1/projects/${projectId}/keys`, { body: { name: 'ci' } })).json as { id: string; key: string; prefix: string };
    const insertMetrics = (rows: Record<string, unknown>[]) => f.ch.insert({ table: 'daily_metrics', values: rows, format: 'JSONEachRow' });

    describe('projects', () => {
      it('creates, reads and lists projects', async () => {
        const created = await f.call('POST', '/api/v1/projects', { body: { name: '  Acme  ' } });
        expect(created.status).toBe(201);
        expect(created.json).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Acme', created_at: expect.any(String), store_bodies: null });
        const got = await f.call('GET', `/api/v1/projects/${created.json.id}`);
        expect(got).toMatchObject({ status: 200, json: created.json });
        const list = await f.call('GET', '/api/v1/projects');
        expect(list.json.data).toContainEqual(created.json);
      });

      it('answers 404 for an unknown or malformed project id', async () => {
        expect((await f.call('GET', `/api/v1/projects/${MISSING}`)).status).toBe(404);
        const bad = await f.call('GET', '/api/v1/projects/not-a-uuid');
        expect(bad.status).toBe(404);
        expectOpenAiError(bad.json);
      });
    });

    describe('keys', () => {
      it('shows a key once and stores only its hash', async () => {
        const p = await newProject();
        const res = await f.call('POST', `/api/v1/projects/${p.id}/keys`, { body: { name: 'ci' } });
        expect(res.status).toBe(201);
        const { key } = res.json;
        expect(res.json).toEqual({ id: expect.any(String), key: expect.stringMatching(/^tg_[A-Za-z0-9]{40}$/), name: 'ci', prefix: key.slice(0, 10), project_id: p.id, created_at: expect.any(String) });
        const listed = await f.call('GET', `/api/v1/projects/${p.id}/keys`);
        expect(listed.json.data).toEqual([{ id: res.json.id, name: 'ci', prefix: key.slice(0, 10), project_id: p.id, created_at: res.json.created_at, revoked_at: null }]);
        expect(listed.text).not.toContain(key);
        const rows = await f.pg.db.selectFrom('api_keys').selectAll().where('id', '=', res.json.id).execute();
        expect(rows[0].key_hash).toBe(hashApiKey(key));
        expect(JSON.stringify(rows)).not.toContain(key);
      });

      it('revokes a key: 204, idempotent, and the key stops working', async () => {
        const p = await newProject();
        const k = await newKey(p.id);
        expect((await f.call('GET', `/v1/projects/${p.id}/metrics`, { auth: k.key })).status).toBe(200);
        expect((await f.call('DELETE', `/api/v1/projects/${p.id}/keys/${k.id}`)).status).toBe(204);
        expect((await f.call('DELETE', `/api/v1/projects/${p.id}/keys/${k.id}`)).status).toBe(204);
        expect((await f.call('GET', `/v1/projects/${p.id}/metrics`, { auth: k.key })).status).toBe(401);
        const listed = await f.call('GET', `/api/v1/projects/${p.id}/keys`);
        expect(listed.json.data[0].revoked_at).toEqual(expect.any(String));
      });

      it('will not revoke a key through another project, or an unknown key', async () => {
        const a = await newProject('a');
        const b = await newProject('b');
        const k = await newKey(a.id);
        expect((await f.call('DELETE', `/api/v1/projects/${b.id}/keys/${k.id}`)).status).toBe(404);
        expect((await f.call('DELETE', `/api/v1/projects/${a.id}/keys/${MISSING}`)).status).toBe(404);
        expect((await f.call('DELETE', `/api/v1/projects/${a.id}/keys/zzz`)).status).toBe(404);
        expect((await f.call('GET', `/v1/projects/${a.id}/metrics`, { auth: k.key })).status).toBe(200);
      });

      it('cannot create a key for a project that does not exist', async () => {
        expect((await f.call('POST', `/api/v1/projects/${MISSING}/keys`, { body: { name: 'x' } })).status).toBe(404);
      });
    });

    describe('authentication', () => {
      it('requires the admin key for management routes', async () => {
        const none = await f.call('GET', '/api/v1/projects', { auth: null });
        expect(none.status).toBe(401);
        expectOpenAiError(none.json);
        expect(none.json.error.type).toBe('authentication_error');
        expect((await f.call('GET', '/api/v1/projects', { auth: 'tg_wrong' })).status).toBe(401);
        const p = await newProject();
        const k = await newKey(p.id);
        const asProject = await f.call('GET', '/api/v1/projects', { auth: k.key });
        expect(asProject.status).toBe(403);
        expect((await f.call('POST', '/api/v1/projects', { auth: k.key, body: { name: 'x' } })).status).toBe(403);
      });
    });

    describe('metrics', () => {
      it('sums daily_metrics for the project, with top models by requests', async () => {
        const p = await newProject();
        const other = await newProject('other');
        await insertMetrics([
          { day: '2026-01-01', project_id: p.id, model: 'gpt-4o', provider: 'openai', requests: 10, errors: 1, tokens_in: 100, tokens_out: 50, cost_nanousd: 1_500_000_000, cache_hits: 0 },
          { day: '2026-01-01', project_id: p.id, model: 'gpt-4o', provider: 'openai', requests: 5, errors: 0, tokens_in: 10, tokens_out: 5, cost_nanousd: 250_000_000, cache_hits: 1 },
          { day: '2026-01-02', project_id: p.id, model: 'llama', provider: 'groq', requests: 5, errors: 4, tokens_in: 1, tokens_out: 1, cost_nanousd: 1, cache_hits: 0 },
          { day: '2026-01-02', project_id: other.id, model: 'gpt-4o', provider: 'openai', requests: 99, errors: 0, tokens_in: 9, tokens_out: 9, cost_nanousd: 9, cache_hits: 0 },
        ]);
        const res = await f.call('GET', `/v1/projects/${p.id}/metrics`);
        expect(res.status).toBe(200);
        expect(res.json).toEqual({
          project_id: p.id,
          total_requests: 20,
          error_rate: 0.25,
          total_tokens: 167,
          total_cost_usd: 1.750000001,
          top_models: [
            { model: 'gpt-4o', requests: 15, tokens: 165, cost_usd: 1.75 },
            { model: 'llama', requests: 5, tokens: 2, cost_usd: 0.000000001 },
          ],
        });
        const day2 = await f.call('GET', `/v1/projects/${p.id}/metrics?from=2026-01-02&to=2026-01-02T23:00:00Z`);
        expect(day2.json).toMatchObject({ total_requests: 5, error_rate: 0.8, top_models: [{ model: 'llama' }] });
      });

      it('answers zeros for a project without traffic', async () => {
        const p = await newProject();
        const res = await f.call('GET', `/v1/projects/${p.id}/metrics`);
        expect(res.json).toEqual({ project_id: p.id, total_requests: 0, error_rate: 0, total_tokens: 0, total_cost_usd: 0, top_models: [] });
      });

      it("lets a project key read only its own project's metrics, without revealing other projects", async () => {
        const a = await newProject('a');
        const b = await newProject('b');
        const ka = await newKey(a.id);
        expect((await f.call('GET', `/v1/projects/${a.id}/metrics`, { auth: ka.key })).status).toBe(200);
        const foreign = await f.call('GET', `/v1/projects/${b.id}/metrics`, { auth: ka.key });
        const missing = await f.call('GET', `/v1/projects/${MISSING}/metrics`, { auth: ka.key });
        expect(foreign.status).toBe(404);
        expect(foreign.json).toEqual(missing.json);
        expect((await f.call('GET', `/v1/projects/${a.id}/metrics`, { auth: null })).status).toBe(401);
        expect((await f.call('GET', `/v1/projects/${MISSING}/metrics`)).status).toBe(404);
      });

      it('rejects malformed date ranges with 400', async () => {
        const p = await newProject();
        for (const q of ['from=yesterday', 'to=2026-02-30', 'from=2026-02-01&to=2026-01-01', 'from=1969-12-31']) {
          const res = await f.call('GET', `/v1/projects/${p.id}/metrics?${q}`);
          expect(res.status, q).toBe(400);
          expect(res.json.error.param).toMatch(/^(from|to)$/);
        }
      });
    });

    describe('request validation', () => {
      it('rejects bodies that are not a JSON object with a valid name', async () => {
        const cases: [string, number, string | null][] = [
          ['{"name":', 400, null],
          ['[1]', 400, null],
          ['', 400, null],
          ['{}', 400, 'name'],
          ['{"name":""}', 400, 'name'],
          ['{"name":"   "}', 400, 'name'],
          ['{"name":42}', 400, 'name'],
          [JSON.stringify({ name: 'x'.repeat(201) }), 400, 'name'],
          ['{"name":"ok","nmae":"typo"}', 400, 'nmae'],
        ];
        for (const [raw, status, param] of cases) {
          const res = await f.call('POST', '/api/v1/projects', { raw });
          expect(res.status, raw).toBe(status);
          expectOpenAiError(res.json);
          expect(res.json.error.param, raw).toBe(param);
        }
        expect((await f.call('POST', '/api/v1/projects', { raw: '{"name":' })).json.error.code).toBe('invalid_json');
        expect((await f.call('POST', '/api/v1/projects', { body: { name: 'x'.repeat(200) } })).status).toBe(201);
      });

      it('refuses bodies over the size limit with 413', async () => {
        const res = await f.call('POST', '/api/v1/projects', { raw: JSON.stringify({ name: 'x'.repeat(5000) }) });
        expect(res.status).toBe(413);
        expectOpenAiError(res.json);
      });

      it('answers 404 for unknown routes and 405 with Allow for wrong methods', async () => {
        const unknown = await f.call('GET', '/api/v1/nothing');
        expect(unknown.status).toBe(404);
        expectOpenAiError(unknown.json);
        const wrong = await f.call('PUT', '/api/v1/projects');
        expect(wrong.status).toBe(405);
        expect(wrong.headers.allow).toBe('POST, GET');
        expectOpenAiError(wrong.json);
      });
    });

    describe('operations', () => {
      it('reports health of Postgres and ClickHouse', async () => {
        const res = await f.call('GET', '/health', { auth: null });
        expect(res).toMatchObject({ status: 200, json: { status: 'up', checks: { postgres: 'up', clickhouse: 'up' } } });
        expect(await f.api.health()).toEqual({ postgres: 'up', clickhouse: 'up' });
      });

      it('stop() lets in-flight requests finish and refuses new ones with 503', async () => {
        const api = createApi({ db: f.pg.db, clickhouse: f.ch, adminKey: ADMIN, logger: createLogger({ level: 'error', write: () => {} }) });
        const body = new Readable({ read() {} });
        const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
        const inFlight = inject(api.handler, { method: 'POST', url: '/api/v1/projects', headers, payload: body });
        body.push('{"name":');
        await new Promise((r) => setTimeout(r, 20));
        let stopped = false;
        const stopping = api.stop().then(() => (stopped = true));
        const refused = await inject(api.handler, { method: 'GET', url: '/api/v1/projects', headers });
        expect(refused.statusCode).toBe(503);
        expect(stopped).toBe(false);
        body.push('"late"}');
        body.push(null);
        expect((await inFlight).statusCode).toBe(201);
        await stopping;
        expect(stopped).toBe(true);
      });

      it('serves Prometheus metrics of the requests it handled', async () => {
        await f.call('GET', '/api/v1/projects');
        const res = await f.call('GET', '/metrics', { auth: null });
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/plain/);
        expect(res.text).toMatch(/tollgate_api_requests_total\{route="listProjects",status="200"\} \d+/);
      });
    });
  });
}
