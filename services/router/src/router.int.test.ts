import http from 'node:http';
import { create } from '@bufbuild/protobuf';
import type { ProviderConfig } from '@tollgate/config';
import { ErrorClass } from '@tollgate/proto/events';
import { CompleteRequestSchema } from '@tollgate/proto/router';
import { createLogger } from '@tollgate/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { freePort, type MockUpstream, startMockUpstream } from './mock-upstream.ts';
import { createRouter, type Router } from './router.ts';

// The router forwarding to the shared mock upstream (a real HTTP server in a child process).

const SECRET = 'sk-test-secret-0123456789';
const prices = { 'gpt-4o-mini': { input: 0.15, output: 0.6 } };
const logger = createLogger({ level: 'error' });
let mock: MockUpstream;
/** Writes one streamed event every 5 ms, so events reach the router as separate reads (as from a real model). */
let paced: MockUpstream;
let router: Router;
let badJson: http.Server;
/** Answers a minimal chat completion and keeps the headers of each request it got. */
let recorder: http.Server;
const recorded: http.IncomingHttpHeaders[] = [];

const provider = (name: string, baseUrl: string): ProviderConfig => ({ name, kind: 'openai', baseUrl, apiKey: SECRET });
const chat = (model: string, extra: Record<string, unknown> = {}) =>
  create(CompleteRequestSchema, {
    endpoint: '/chat/completions',
    model,
    stream: extra.stream === true,
    body: new TextEncoder().encode(JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hello in five words.' }], ...extra })),
  });

beforeAll(async () => {
  [mock, paced] = await Promise.all([startMockUpstream(), startMockUpstream({ MOCK_CHUNK_DELAY_MS: '5' })]);
  badJson = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [ oops'));
  const badPort = await freePort();
  await new Promise<void>((r) => badJson.listen(badPort, '127.0.0.1', r));
  recorder = http.createServer((req, res) => {
    recorded.push(req.headers);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"model":"m","choices":[{"message":{"role":"assistant","content":"ok"}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}');
  });
  const recorderPort = await freePort();
  await new Promise<void>((r) => recorder.listen(recorderPort, '127.0.0.1', r));
  const deadPort = await freePort();
  router = createRouter({
    providers: [
      provider('mock', mock.url),
      provider('paced', paced.url),
      provider('broken', `http://127.0.0.1:${badPort}/v1`),
      provider('dead', `http://127.0.0.1:${deadPort}/v1`),
      provider('recorder', `http://127.0.0.1:${recorderPort}/v1`),
    ],
    prices,
    circuits: { allows: () => true },
    logger,
    upstreamTimeoutMs: 5000,
  });
});

afterAll(async () => {
  await router?.stop();
  await mock?.stop();
  await paced?.stop();
  badJson?.close();
  recorder?.close();
});

describe('router → provider (JSON)', () => {
  it('forwards the body and returns the upstream answer with usage, cost and one attempt', async () => {
    const a = await collect(router.api.complete(chat('gpt-4o-mini')));
    expect(a.head).toMatchObject({ status: 200, contentType: 'application/json', provider: 'mock', model: 'gpt-4o-mini' });
    const body = JSON.parse(a.body);
    expect(body.choices[0].message.content).toContain('Hello!');
    expect(a.trailer.tokensOut).toBe(20);
    expect(a.trailer.tokensIn).toBe(body.usage.prompt_tokens);
    expect(a.trailer.costNanousd).toBe(BigInt(Math.round(body.usage.prompt_tokens * 150 + 20 * 600)));
    expect(a.trailer).toMatchObject({ provider: 'mock', model: 'gpt-4o-mini', errorClass: ErrorClass.NONE });
    expect(a.trailer.attempts).toHaveLength(1);
    expect(a.trailer.attempts[0]).toMatchObject({ provider: 'mock', status: 200 });
  });

  it("sends the caller's traceparent to the provider, and none when there is none", async () => {
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const traced = await collect(router.api.complete({ ...chat('recorder/m'), traceparent: tp }));
    const untraced = await collect(router.api.complete(chat('recorder/m')));
    expect([traced.head.status, untraced.head.status]).toEqual([200, 200]);
    expect(recorded.map((h) => h.traceparent)).toEqual([tp, undefined]);
  });

  it('strips the provider prefix before forwarding', async () => {
    const a = await collect(router.api.complete(chat('mock/gpt-4o-mini')));
    expect(JSON.parse(a.body).model).toBe('gpt-4o-mini'); // the mock echoes the model it was asked for
    expect(a.trailer.costNanousd).toBeGreaterThan(0n);
  });

  it('answers 404 model_not_found for an unknown provider prefix, without calling anyone', async () => {
    const a = await collect(router.api.complete(chat('nobody/gpt-4o')));
    expect(a.head.status).toBe(404);
    expect(JSON.parse(a.body).error.code).toBe('model_not_found');
    expect(a.trailer.errorClass).toBe(ErrorClass.NOT_FOUND);
  });

  it('maps a malformed upstream body to 502', async () => {
    const a = await collect(router.api.complete(chat('broken/gpt-4o-mini')));
    expect(a.head.status).toBe(502);
    expect(JSON.parse(a.body).error.code).toBe('upstream_error');
    expect(a.trailer.errorClass).toBe(ErrorClass.UPSTREAM);
  });

  it('maps a refused connection to 502 CONNECTION without naming the address', async () => {
    const a = await collect(router.api.complete(chat('dead/gpt-4o-mini')));
    expect(a.head.status).toBe(502);
    expect(a.trailer.errorClass).toBe(ErrorClass.CONNECTION);
    expect(a.body).not.toContain('127.0.0.1');
  });
});

describe('router → provider (upstream errors)', () => {
  it('maps 429 to 429 rate_limit_exceeded with Retry-After', async () => {
    const a = await collect(router.api.complete(chat('gpt-4o-mini-fail-429')));
    expect(a.head).toMatchObject({ status: 429, retryAfterS: 1 });
    expect(JSON.parse(a.body).error).toMatchObject({ code: 'rate_limit_exceeded', type: 'rate_limit_error' });
    expect(a.trailer.errorClass).toBe(ErrorClass.RATE_LIMITED);
    expect(a.trailer.attempts[0].status).toBe(429);
  });

  it('maps 503 to 502 upstream_error, never passing the upstream body through', async () => {
    const a = await collect(router.api.complete(chat('gpt-4o-mini-fail-503')));
    expect(a.head.status).toBe(502);
    expect(JSON.parse(a.body).error.code).toBe('upstream_error');
    expect(a.body).not.toContain('mock: injected');
    expect(a.trailer.errorClass).toBe(ErrorClass.UPSTREAM);
  });

  it("maps 401 to 502 AUTH: the client's own key is fine, the gateway's credential is not", async () => {
    const a = await collect(router.api.complete(chat('gpt-4o-mini-fail-401')));
    expect(a.head.status).toBe(502);
    expect(a.trailer.errorClass).toBe(ErrorClass.AUTH);
    expect(a.body).not.toContain(SECRET);
  });

  it('answers 504 when the provider is slower than the deadline', async () => {
    const t = Date.now();
    const a = await collect(router.api.complete(create(CompleteRequestSchema, { ...chat('gpt-4o-mini-slow-2000'), deadlineMs: 150 })));
    expect(Date.now() - t).toBeLessThan(1500);
    expect(a.head.status).toBe(504);
    expect(JSON.parse(a.body).error.code).toBe('upstream_timeout');
    expect(a.trailer.errorClass).toBe(ErrorClass.TIMEOUT);
  });
});

describe('router → provider (streaming)', () => {
  it('streams events without the usage chunk the client did not ask for, and still records usage', async () => {
    const a = await collect(router.api.complete(chat('gpt-4o-mini', { stream: true })));
    expect(a.head).toMatchObject({ status: 200, contentType: 'text/event-stream' });
    expect(a.body).not.toContain('"choices":[]');
    expect(a.body).not.toMatch(/"usage":\{/);
    expect(a.body.endsWith('data: [DONE]\n\n')).toBe(true);
    for (const d of a.dataChunks) expect(d.endsWith('\n\n')).toBe(true); // event-aligned
    expect(a.trailer.tokensOut).toBe(20);
    expect(a.trailer.tokensIn).toBeGreaterThan(0);
    expect(a.trailer.costNanousd).toBeGreaterThan(0n);
    expect(a.trailer.errorClass).toBe(ErrorClass.NONE);
  });

  it('passes the usage chunk through when the client asked for it', async () => {
    const a = await collect(router.api.complete(chat('gpt-4o-mini', { stream: true, stream_options: { include_usage: true } })));
    expect(a.body).toMatch(/"choices":\[\],"usage":\{"prompt_tokens":\d+,"completion_tokens":20/);
    expect(a.trailer.tokensOut).toBe(20);
  });

  it('ends a stream cut by the provider with UPSTREAM in the trailer, keeping what was sent and estimating tokens', async () => {
    const a = await collect(router.api.complete(chat('paced/gpt-4o-mini-cut', { stream: true })));
    expect(a.head.status).toBe(200);
    expect(a.body).toContain('Hello!');
    expect(a.body).not.toContain('[DONE]');
    expect(a.trailer.errorClass).toBe(ErrorClass.UPSTREAM);
    expect(a.trailer.tokensOut).toBeGreaterThan(0);
    expect(a.trailer.tokensIn).toBeGreaterThan(0);
  });
});

describe('router → provider (cancellation)', () => {
  it("cancels the upstream call when the caller aborts, and still reports a trailer", async () => {
    const ac = new AbortController();
    const t = Date.now();
    setTimeout(() => ac.abort(), 100);
    const a = await collect(router.api.complete(chat('gpt-4o-mini-slow-3000'), { signal: ac.signal }));
    expect(Date.now() - t).toBeLessThan(1000);
    expect(a.trailer.errorClass).toBe(ErrorClass.CANCELLED);
  });

  it('stops a stream mid-way when the caller aborts: no more data, trailer CANCELLED with the tokens so far', async () => {
    const ac = new AbortController();
    const a = await collect(router.api.complete(chat('paced/gpt-4o-mini', { stream: true }), { signal: ac.signal }), (n) => n === 3 && ac.abort());
    expect(a.dataChunks.length).toBeLessThan(10);
    expect(a.body).not.toContain('[DONE]');
    expect(a.trailer.errorClass).toBe(ErrorClass.CANCELLED);
    expect(a.trailer.tokensOut).toBeGreaterThan(0);
  });

  it('measures time to first content on a paced stream', async () => {
    const a = await collect(router.api.complete(chat('paced/gpt-4o-mini', { stream: true })));
    expect(a.dataChunks.length).toBeGreaterThan(10);
    expect(a.trailer.ttftMs).toBeGreaterThanOrEqual(5);
    expect(a.trailer.ttftMs).toBeLessThan(a.trailer.attempts[0].latencyMs);
  });
});
