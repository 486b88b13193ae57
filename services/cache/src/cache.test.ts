import { create } from '@bufbuild/protobuf';
import { createMemoryBus, type Bus } from '@tollgate/bus';
import { encodeEvent, ensureStreams, subjects } from '@tollgate/events';
import { LookupRequestSchema } from '@tollgate/proto/cache';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import { createLogger, Registry } from '@tollgate/telemetry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCache, type Cache } from './cache.ts';
import { createMemoryStore } from './memory-store.ts';

const te = new TextEncoder();
const body = te.encode('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}],"temperature":0}');
const reordered = te.encode('{ "temperature": 0, "messages": [{"content": "hi", "role": "user"}], "model": "gpt-4o-mini" }');
const answer = te.encode('{"id":"chatcmpl-1","choices":[{"message":{"role":"assistant","content":"hello"}}]}');

async function until(check: () => Promise<boolean>, ms = 2_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 10))) if (await check()) return;
  throw new Error('condition not met in time');
}

describe('createCache over the memory bus', () => {
  let bus: Bus;
  let cache: Cache;
  let registry: Registry;
  beforeEach(async () => {
    bus = createMemoryBus();
    await ensureStreams(bus);
    registry = new Registry();
    const store = createMemoryStore({ maxEntries: 100, maxBytes: 1 << 20 });
    cache = await createCache({ store, subscriber: bus, logger: createLogger({ level: 'error' }), ttlSeconds: 60, registry });
  });
  afterEach(async () => {
    await cache.stop();
    await bus.close();
  });

  const publish = async (projectId: string, status: number, request = body) => {
    const payload = create(RequestCompletedSchema, {
      projectId,
      status,
      cacheEntry: { request, response: answer, contentType: 'application/json', provider: 'openai', model: 'gpt-4o-mini-2024-07-18' },
    });
    const { id, bytes } = encodeEvent(RequestCompletedSchema, payload, { projectId, nowMs: Date.now() });
    await bus.publish(subjects.requestCompleted(projectId), bytes, { id });
  };
  const lookup = (projectId: string, request = body) => cache.api.lookup(create(LookupRequestSchema, { projectId, request }));

  it('given a completed 200 with a cache entry, a lookup of the same request hits with identical bytes', async () => {
    expect((await lookup('p1')).hit).toBe(false);
    await publish('p1', 200);
    await until(async () => (await lookup('p1')).hit);
    const r = await lookup('p1', reordered);
    expect(r).toMatchObject({ hit: true, contentType: 'application/json', provider: 'openai', model: 'gpt-4o-mini-2024-07-18' });
    expect(Buffer.from(r.response).equals(Buffer.from(answer))).toBe(true);
  });

  it('does not answer another project from the entry', async () => {
    await publish('p1', 200);
    await until(async () => (await lookup('p1')).hit);
    expect((await lookup('p2')).hit).toBe(false);
  });

  it('does not store a non-200', async () => {
    await publish('p1', 500);
    await publish('p1', 200, te.encode('{"model":"marker"}'));
    // The 200 published after it is stored, so the 500 has been handled by then.
    await until(async () => (await lookup('p1', te.encode('{"model":"marker"}'))).hit);
    expect((await lookup('p1')).hit).toBe(false);
    expect(registry.render()).toContain('tg_cache_fills_total{result="skipped"} 1');
  });

  it('terms an undecodable message and keeps consuming', async () => {
    await bus.publish(subjects.requestCompleted('p1'), te.encode('not protobuf at all'), { id: 'junk-1' });
    await publish('p1', 200);
    await until(async () => (await lookup('p1')).hit);
    expect(registry.render()).toContain('tg_cache_fills_total{result="termed"} 1');
  });

  it('misses a body that is not a JSON object, and reports health', async () => {
    expect((await lookup('p1', te.encode('not json'))).hit).toBe(false);
    expect(await cache.health()).toEqual({ store: 'up', fill: 'up' });
    await cache.stop();
    expect(await cache.health()).toEqual({ store: 'up', fill: 'down' });
  });
});
