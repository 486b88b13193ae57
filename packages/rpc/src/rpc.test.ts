import { create } from '@bufbuild/protobuf';
import type * as grpc from '@grpc/grpc-js';
import { CacheService, LookupResponseSchema, LookupRequestSchema } from '@tollgate/proto/cache';
import { CompleteChunkSchema, CompleteRequestSchema, RouterService } from '@tollgate/proto/router';
import { GatewayError } from '@tollgate/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcClient } from './client.ts';
import { grpcServer, listen, shutdown } from './server.ts';
import type { CallOptions, ServiceApi } from './types.ts';

// The adapter against the real generated descriptors, over loopback.

const chunk = (n: number) => create(CompleteChunkSchema, { kind: { case: 'data', value: new TextEncoder().encode(`chunk ${n}`) } });
let streamCancelled: Promise<void>;
let markCancelled: () => void;

const cache: ServiceApi<typeof CacheService> = {
  async lookup(req) {
    const text = new TextDecoder().decode(req.request);
    if (text === 'rate') throw new GatewayError('rate_limited', 'slow down');
    if (text === 'crash') throw new Error('secret internal detail at 10.0.0.7');
    return create(LookupResponseSchema, { hit: true, response: req.request, provider: req.projectId, contentType: 'application/json' });
  },
};

const router: ServiceApi<typeof RouterService> = {
  async *complete(req, opts: CallOptions = {}) {
    if (req.model === 'missing') throw new GatewayError('model_not_found', 'no such model');
    const n = req.model === 'endless' ? 1e9 : 5;
    try {
      for (let i = 0; i < n; i++) {
        if (opts.signal?.aborted) return;
        yield chunk(i);
        if (req.model === 'endless') await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      if (opts.signal?.aborted) markCancelled();
    }
  },
};

let server: grpc.Server;
let port: number;
let cacheClient: ReturnType<typeof grpcClient<typeof CacheService>>;
let routerClient: ReturnType<typeof grpcClient<typeof RouterService>>;

beforeAll(async () => {
  streamCancelled = new Promise((r) => (markCancelled = r));
  server = grpcServer([{ service: CacheService, impl: cache }, { service: RouterService, impl: router }]);
  port = await listen(server, '127.0.0.1:0');
  cacheClient = grpcClient(CacheService, `127.0.0.1:${port}`);
  routerClient = grpcClient(RouterService, `127.0.0.1:${port}`);
});

afterAll(async () => {
  cacheClient.close();
  routerClient.close();
  await shutdown(server, 1000);
});

const lookup = (text: string) => create(LookupRequestSchema, { projectId: 'p1', request: new TextEncoder().encode(text) });

describe('grpc adapter', () => {
  it('round-trips a unary call with the message intact', async () => {
    const res = await cacheClient.lookup(lookup('{"model":"m"}'));
    expect(res.hit).toBe(true);
    expect(new TextDecoder().decode(res.response)).toBe('{"model":"m"}');
    expect(res.provider).toBe('p1');
  });

  it('streams every yielded message in order', async () => {
    const got: string[] = [];
    for await (const c of routerClient.complete(create(CompleteRequestSchema, { model: 'm' }))) {
      if (c.kind.case === 'data') got.push(new TextDecoder().decode(c.kind.value));
    }
    expect(got).toEqual(['chunk 0', 'chunk 1', 'chunk 2', 'chunk 3', 'chunk 4']);
  });

  it('turns a GatewayError into the same kind and message on the client', async () => {
    const err = await cacheClient.lookup(lookup('rate')).catch((e) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err.kind).toBe('rate_limited');
    expect(err.status).toBe(429);
    expect(err.message).toBe('slow down');
    const streamErr = await (async () => {
      for await (const _ of routerClient.complete(create(CompleteRequestSchema, { model: 'missing' }))) {
      }
    })().catch((e) => e);
    expect(streamErr.kind).toBe('model_not_found');
  });

  it('hides the message of an unexpected error (internal)', async () => {
    const err = await cacheClient.lookup(lookup('crash')).catch((e) => e);
    expect(err.kind).toBe('internal');
    expect(err.message).not.toContain('10.0.0.7');
  });

  it('maps an unreachable server to unavailable without leaking its address', async () => {
    const dead = grpcClient(CacheService, '127.0.0.1:1', { deadlineMs: 2000 });
    const err = await dead.lookup(lookup('x')).catch((e) => e);
    dead.close();
    expect(err).toBeInstanceOf(GatewayError);
    expect(['unavailable', 'upstream_timeout']).toContain(err.kind);
    expect(err.message).not.toContain('127.0.0.1');
  });

  it('maps a passed deadline to upstream_timeout', async () => {
    const slow = grpcClient(RouterService, `127.0.0.1:${port}`, { deadlineMs: 50 });
    const err = await (async () => {
      for await (const _ of slow.complete(create(CompleteRequestSchema, { model: 'endless' }))) {
      }
    })().catch((e) => e);
    slow.close();
    expect(err.kind).toBe('upstream_timeout');
  });

  it('cancels the server-side stream when the client aborts', async () => {
    const ac = new AbortController();
    let n = 0;
    const err = await (async () => {
      for await (const _ of routerClient.complete(create(CompleteRequestSchema, { model: 'endless' }), { signal: ac.signal })) {
        if (++n === 3) ac.abort(new Error('client went away'));
      }
    })().catch((e) => e);
    expect(err.message).toBe('client went away');
    await streamCancelled; // the impl saw its signal abort and left its loop
  });

  it('cancels the server-side stream when the consumer breaks out early', async () => {
    streamCancelled = new Promise((r) => (markCancelled = r));
    for await (const _ of routerClient.complete(create(CompleteRequestSchema, { model: 'endless' }))) break;
    await streamCancelled;
  });

  it('answers a loopback unary call in well under a millisecond at the median', async () => {
    const req = lookup('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}');
    for (let i = 0; i < 200; i++) await cacheClient.lookup(req);
    const times: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await cacheClient.lookup(req);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[times.length >> 1];
    console.log(`loopback unary: median ${(median * 1000).toFixed(0)} µs, p99 ${(times[Math.floor(times.length * 0.99)] * 1000).toFixed(0)} µs`);
    expect(median).toBeLessThan(2);
  });
});
