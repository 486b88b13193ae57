import { create } from '@bufbuild/protobuf';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectJetStream, type JetStreamBus } from '@tollgate/bus';
import { encodeEvent } from '@tollgate/events';
import { LookupRequestSchema } from '@tollgate/proto/cache';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import { createLogger } from '@tollgate/telemetry';
import { testUrls, uniqueName, waitFor } from '@tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCache, type Cache } from './cache.ts';
import { createRedisStore } from './redis-store.ts';
import type { CacheStore } from './store.ts';

// Fill from real JetStream into real Redis, isolated by a random stream, subjects, durable and key prefix.
const run = uniqueName('tgtest');
const te = new TextEncoder();

describe('createCache over NATS JetStream and Redis', () => {
  let bus: JetStreamBus;
  let store: CacheStore;
  let cache: Cache;
  beforeAll(async () => {
    const logger = createLogger({ level: 'error' });
    bus = await connectJetStream(testUrls().natsUrl);
    await bus.ensureStream(run.toUpperCase(), [`${run}.>`]);
    store = await createRedisStore({ url: testUrls().redisUrl, prefix: `${run}:`, logger });
    cache = await createCache({ store, subscriber: bus, logger, ttlSeconds: 30, names: { durable: `${run}-cache-fill`, filter: `${run}.request.>` } });
  });
  afterAll(async () => {
    await cache.stop();
    await store.close();
    await (await jetstreamManager(bus.connection)).streams.delete(run.toUpperCase()).catch(() => {});
    await bus.close();
  });

  it('stores a completed answer and serves it byte for byte', async () => {
    const request = te.encode('{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}');
    const response = te.encode('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n');
    const payload = create(RequestCompletedSchema, {
      projectId: 'p1',
      status: 200,
      cacheEntry: { request, response, contentType: 'text/event-stream', provider: 'openai', model: 'm' },
    });
    const ev = encodeEvent(RequestCompletedSchema, payload, { projectId: 'p1', nowMs: Date.now() });
    await bus.publish(`${run}.request.p1`, ev.bytes, { id: ev.id });
    const hit = await waitFor(async () => {
      const r = await cache.api.lookup(create(LookupRequestSchema, { projectId: 'p1', request }));
      expect(r.hit).toBe(true);
      return r;
    });
    expect(Buffer.from(hit.response).equals(Buffer.from(response))).toBe(true);
    expect(hit.contentType).toBe('text/event-stream');
    expect((await cache.api.lookup(create(LookupRequestSchema, { projectId: 'p2', request }))).hit).toBe(false);
  });
});
