import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { create } from '@bufbuild/protobuf';
import { createMemoryBus } from '@tollgate/bus';
import { encryptCredential, type ProjectRouting } from '@tollgate/db';
import { encodeEvent, ensureStreams, subjects } from '@tollgate/events';
import { ProjectChange, ProjectChangedSchema } from '@tollgate/proto/config';
import { ErrorClass } from '@tollgate/proto/events';
import { CompleteRequestSchema } from '@tollgate/proto/router';
import { createLogger } from '@tollgate/telemetry';
import { waitFor } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { watchProjectRoutes } from './project-watch.ts';
import { createRouter, type Router } from './router.ts';

// Project routes through the router: precedence over YAML aliases, the project's own credential on the wire,
// unusable credentials falling back, refresh on ProjectChanged over the in-process bus, Postgres down. The
// upstream is a loopback server that records where each call went and with which key.

const KEY = Buffer.alloc(32, 9);
const [P1, P2, P3, P4] = ['p-one', 'p-two', 'p-three', 'p-four'];
const seen: { path: string; auth: string; model: string }[] = [];
const logs: string[] = [];
const store = new Map<string, ProjectRouting>();
const reads = new Map<string, number>();
let down = false;
let server: http.Server;
let base = '';
let router: Router;

const cred = (projectId: string, name: string, provider: string, baseUrl: string, apiKey: string, key = KEY) => {
  const id = `${projectId}-${name}`;
  return { id, name, provider, baseUrl, secret: encryptCredential(key, apiKey, { id, projectId }) };
};
const chat = (projectId: string, model: string) =>
  create(CompleteRequestSchema, { requestId: 'r', projectId, endpoint: '/chat/completions', model, body: new TextEncoder().encode(JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] })) });
const ask = async (projectId: string, model: string) => {
  const a = await collect(router.api.complete(chat(projectId, model)));
  return { a, call: a.head.status === 200 ? seen.at(-1) : undefined, attempts: a.trailer.attempts.map((x) => `${x.provider}:${x.status}:${ErrorClass[x.errorClass]}`) };
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const model = (JSON.parse(body) as { model: string }).model;
      seen.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', model });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  store.set(P1, { routes: [{ alias: 'smart', strategy: 'priority', targets: [{ provider: 'groq', model: 'own-model', credential: 'mine' }] }], credentials: [cred(P1, 'mine', 'groq', `${base}/own/v1`, 'sk-own-secret')] });
  router = createRouter({
    providers: [{ name: 'openai', kind: 'openai', baseUrl: `${base}/yaml/v1`, apiKey: 'sk-gateway' }],
    prices: {},
    routes: { smart: { strategy: 'priority', targets: [{ provider: 'openai', model: 'yaml-model' }] } },
    circuits: { allows: () => true },
    logger: createLogger({ level: 'debug', write: (l) => void logs.push(l) }),
    upstreamTimeoutMs: 5_000,
    projects: {
      encryptionKey: KEY,
      load: async (projectId) => {
        reads.set(projectId, (reads.get(projectId) ?? 0) + 1);
        if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return store.get(projectId) ?? { routes: [], credentials: [] };
      },
    },
  });
});

afterAll(async () => {
  await router?.stop();
  await new Promise((r) => server?.close(r));
});

describe('project routes in the router', () => {
  it("a project's alias wins over the YAML alias of the same name, called with the project's own key and base URL", async () => {
    const own = await ask(P1, 'smart');
    expect(own.a.head).toMatchObject({ status: 200, provider: 'groq', model: 'own-model' });
    expect(own.call).toEqual({ path: '/own/v1/chat/completions', auth: 'Bearer sk-own-secret', model: 'own-model' });
    for (const [projectId, model] of [[P2, 'smart'], ['', 'smart']]) {
      expect((await ask(projectId, model)).call).toEqual({ path: '/yaml/v1/chat/completions', auth: 'Bearer sk-gateway', model: 'yaml-model' });
    }
    expect((await ask(P1, 'gpt-4o-mini')).call).toMatchObject({ path: '/yaml/v1/chat/completions', model: 'gpt-4o-mini' });
  });

  it('reads a project once, not per request', async () => {
    for (let i = 0; i < 5; i++) await ask(P1, 'smart');
    expect(reads.get(P1)).toBe(1);
  });

  it('a target whose credential cannot be decrypted or no longer exists fails with AUTH, and the next target answers', async () => {
    store.set(P3, {
      routes: [
        { alias: 'x', strategy: 'priority', targets: [{ provider: 'groq', model: 'm1', credential: 'rekeyed' }, { provider: 'groq', model: 'm2', credential: 'gone' }, { provider: 'openai', model: 'm3' }] },
        { alias: 'none', strategy: 'priority', targets: [{ provider: 'groq', model: 'm1', credential: 'rekeyed' }] },
      ],
      credentials: [cred(P3, 'rekeyed', 'groq', `${base}/own/v1`, 'sk-other-secret', Buffer.alloc(32, 1))],
    });
    const x = await ask(P3, 'x');
    expect(x.attempts).toEqual(['groq:0:AUTH', 'groq:0:AUTH', 'openai:200:NONE']);
    expect(x.call).toEqual({ path: '/yaml/v1/chat/completions', auth: 'Bearer sk-gateway', model: 'm3' });
    const none = await ask(P3, 'none');
    expect(none.a.head.status).toBe(502);
    expect(JSON.parse(none.a.body).error).toMatchObject({ code: 'credential_unavailable', message: 'credential "rekeyed" of this project cannot be decrypted (TOLLGATE_ENCRYPTION_KEY differs from the one the api used, or the row was altered)' });
    expect(none.a.trailer.errorClass).toBe(ErrorClass.AUTH);
  });

  it("re-reads a project when its ProjectChanged (routes) arrives on the bus, and only that project's", async () => {
    const bus = createMemoryBus();
    await ensureStreams(bus);
    const sub = await watchProjectRoutes(bus, router, 'router-config-test');
    try {
      store.set(P1, { ...(store.get(P1) as ProjectRouting), routes: [{ alias: 'smart', strategy: 'priority', targets: [{ provider: 'groq', model: 'own-model-2', credential: 'mine' }] }] });
      expect((await ask(P1, 'smart')).call?.model).toBe('own-model'); // held until told
      const readsBefore = reads.get(P2);
      const event = encodeEvent(ProjectChangedSchema, create(ProjectChangedSchema, { projectId: P1, change: ProjectChange.ROUTES, alias: 'smart' }), { projectId: P1, nowMs: Date.now() });
      await bus.publish(subjects.configChanged(P1), event.bytes, { id: event.id });
      await waitFor(async () => expect((await ask(P1, 'smart')).call).toEqual({ path: '/own/v1/chat/completions', auth: 'Bearer sk-own-secret', model: 'own-model-2' }));
      expect(reads.get(P2)).toBe(readsBefore);
    } finally {
      await sub.stop();
      await bus.close();
    }
  });

  it('while Postgres cannot answer, serves the routes held, and the YAML routes to a project not read yet', async () => {
    down = true;
    try {
      await router.projectChanged(P1);
      expect((await ask(P1, 'smart')).call?.model).toBe('own-model-2');
      expect((await ask(P4, 'smart')).call?.model).toBe('yaml-model');
      expect(logs.join('')).toContain('project routes cannot be read');
    } finally {
      down = false;
    }
  });

  it('never logs a provider key', () => {
    expect(logs.join('')).not.toMatch(/sk-own-secret|sk-other-secret/);
  });
});
