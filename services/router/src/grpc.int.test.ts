import { create } from '@bufbuild/protobuf';
import type * as grpc from '@grpc/grpc-js';
import { CompleteRequestSchema, RouterService } from '@tollgate/proto/router';
import { grpcClient, grpcServer, listen, shutdown } from '@tollgate/rpc';
import { createLogger, Registry } from '@tollgate/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { type MockUpstream, startMockUpstream } from './mock-upstream.ts';
import { createRouter, type Router } from './router.ts';

// client → gRPC → router → mock upstream, as ingress reaches the router in distributed mode.

let mock: MockUpstream;
let paced: MockUpstream;
let router: Router;
let server: grpc.Server;
let client: ReturnType<typeof grpcClient<typeof RouterService>>;
const registry = new Registry();

const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello in five words.' }] });
const chat = (model: string, stream = false) =>
  create(CompleteRequestSchema, { endpoint: '/chat/completions', model, stream, body: new TextEncoder().encode(JSON.stringify({ ...JSON.parse(body), model, stream })) });

beforeAll(async () => {
  [mock, paced] = await Promise.all([startMockUpstream(), startMockUpstream({ MOCK_CHUNK_DELAY_MS: '5' })]);
  router = createRouter({
    providers: [
      { name: 'mock', kind: 'openai', baseUrl: mock.url, apiKey: 'k' },
      { name: 'paced', kind: 'openai', baseUrl: paced.url, apiKey: 'k' },
    ],
    prices: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } },
    circuits: { allows: () => true },
    logger: createLogger({ level: 'error' }),
    upstreamTimeoutMs: 5000,
    metrics: registry,
  });
  server = grpcServer([{ service: RouterService, impl: router.api }]);
  const port = await listen(server, '127.0.0.1:0');
  client = grpcClient(RouterService, `127.0.0.1:${port}`);
});

afterAll(async () => {
  client?.close();
  if (server) await shutdown(server, 1000);
  await router?.stop();
  await Promise.all([mock?.stop(), paced?.stop()]);
});

describe('router over gRPC', () => {
  it('answers a JSON request with head, body and a trailer carrying cost', async () => {
    const a = await collect(client.complete(chat('gpt-4o-mini')));
    expect(a.head).toMatchObject({ status: 200, provider: 'mock' });
    expect(JSON.parse(a.body).usage.completion_tokens).toBe(20);
    expect(a.trailer.tokensOut).toBe(20);
    expect(a.trailer.costNanousd).toBeGreaterThan(0n);
  });

  it('streams SSE events as they arrive', async () => {
    const a = await collect(client.complete(chat('paced/gpt-4o-mini', true)));
    expect(a.dataChunks.length).toBeGreaterThan(10);
    expect(a.body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(a.trailer.tokensOut).toBe(20);
  });

  it('cancels the upstream stream when the gRPC client aborts', async () => {
    const ac = new AbortController();
    const err = await collect(client.complete(chat('paced/gpt-4o-mini', true), { signal: ac.signal }), (n) => n === 3 && ac.abort()).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    // The router saw the cancellation and recorded it (its generator ended with CANCELLED).
    await expect.poll(() => registry.render(), { timeout: 2000 }).toContain('tg_router_requests_total{provider="paced",error_class="cancelled"} 1');
  });
});
