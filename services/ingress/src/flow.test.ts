// The request flow's side of store_bodies: the project's choice (or the default) marks the event, and the bodies
// travel with it only when the project stores them, at most 64 KiB each (in the cache entry when there is one).
import { create } from '@bufbuild/protobuf';
import { LookupResponseSchema } from '@tollgate/proto/cache';
import { MAX_STORED_BODY_BYTES } from '@tollgate/events';
import { StoreBodies } from '@tollgate/proto/events';
import { type CompleteChunk, CompleteChunkSchema } from '@tollgate/proto/router';
import { describe, expect, it } from 'vitest';
import type { ApiKeyIdentity } from './auth.ts';
import { requestCompleted } from './domain/completion.ts';
import { answer, type FlowDeps, type FlowRequest, startFacts } from './flow.ts';

const enc = new TextEncoder();
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const chunk = (kind: CompleteChunk['kind']) => create(CompleteChunkSchema, { kind });
const BODY = '{"model":"m","messages":[{"role":"user","content":"mail jane@example.com"}]}';

function deps(o: { hit?: string; answer?: string[]; defaultStoreBodies?: FlowDeps['defaultStoreBodies'] } = {}): FlowDeps {
  return {
    cache: { lookup: async () => create(LookupResponseSchema, o.hit ? { hit: true, response: enc.encode(o.hit), contentType: 'application/json', provider: 'openai', model: 'm' } : {}) },
    router: {
      complete: async function* () {
        yield chunk({ case: 'head', value: { status: 200, contentType: 'application/json', provider: 'openai', model: 'm' } as never });
        for (const piece of o.answer ?? ['{"answer":', '42}']) yield chunk({ case: 'data', value: enc.encode(piece) });
        yield chunk({ case: 'trailer', value: { tokensIn: 1, tokensOut: 1, provider: 'openai', model: 'm' } as never });
      },
    } as never,
    now: () => 2,
    onCacheError: () => {},
    defaultStoreBodies: o.defaultStoreBodies,
  };
}

function request(who: Partial<ApiKeyIdentity>, opts: { cacheable?: boolean; store?: boolean } = {}): FlowRequest {
  return {
    who: { keyId: 'k', projectId: 'p', ...who },
    requestId: '0195a3c4-1b2c-7d3e-8f40-000000000001',
    startedMs: 1,
    endpoint: { upstream: '/chat/completions', label: '/chat/completions', cacheable: opts.cacheable ?? true, read: () => ({ model: 'm', stream: false }) },
    model: 'm',
    stream: false,
    body: enc.encode(BODY),
    mode: { lookup: true, store: opts.store ?? true },
    signal: new AbortController().signal,
    traceparent: '',
  };
}

async function run(d: FlowDeps, r: FlowRequest) {
  const facts = startFacts(r);
  for await (const _ of answer(d, r, facts));
  return { facts, event: requestCompleted(facts) };
}

describe('store_bodies in the request flow', () => {
  it('sends the bodies of a project that stores them, marked with its choice', async () => {
    const { event } = await run(deps(), request({ storeBodies: 'redacted' }, { store: false }));
    expect(event.storeBodies).toBe(StoreBodies.REDACTED);
    expect(event.cacheEntry).toBeUndefined();
    expect(text(event.bodies?.request)).toBe(BODY);
    expect(text(event.bodies?.response)).toBe('{"answer":42}');
    expect(event.bodies).toMatchObject({ requestTruncated: false, responseTruncated: false });
  });

  it('sends none for a project that stores nothing; the cache entry still travels for the cache', async () => {
    const off = await run(deps(), request({ storeBodies: 'off' }, { cacheable: false }));
    expect(off.event.storeBodies).toBe(StoreBodies.OFF);
    expect(off.event.bodies).toBeUndefined();
    const cached = await run(deps(), request({ storeBodies: 'off' }));
    expect(cached.event.bodies).toBeUndefined();
    expect(cached.event.cacheEntry).toBeDefined();
  });

  it('lets a cache entry carry the bodies instead of sending them twice', async () => {
    const { event } = await run(deps(), request({ storeBodies: 'full' }));
    expect(event.storeBodies).toBe(StoreBodies.FULL);
    expect(event.bodies).toBeUndefined();
    expect(text(event.cacheEntry?.request)).toBe(BODY);
  });

  it('keeps an answer served from the cache', async () => {
    const { event } = await run(deps({ hit: '{"cached":true}' }), request({ storeBodies: 'full' }));
    expect(text(event.bodies?.response)).toBe('{"cached":true}');
  });

  it('applies the default to a project that did not choose, and marks "unspecified" without one', async () => {
    const chosen = await run(deps({ defaultStoreBodies: 'redacted' }), request({}, { cacheable: false }));
    expect(chosen.event.storeBodies).toBe(StoreBodies.REDACTED);
    expect(chosen.event.bodies).toBeDefined();
    const none = await run(deps(), request({}, { cacheable: false }));
    expect(none.event.storeBodies).toBe(StoreBodies.UNSPECIFIED);
    expect(none.event.bodies).toBeUndefined();
  });

  it('cuts a body over 64 KiB and marks it', async () => {
    const piece = 'x'.repeat(40 * 1024);
    const { event } = await run(deps({ answer: [piece, piece, piece] }), request({ storeBodies: 'full' }, { cacheable: false }));
    expect(event.bodies?.response.length).toBe(MAX_STORED_BODY_BYTES);
    expect(event.bodies).toMatchObject({ requestTruncated: false, responseTruncated: true });
  });
});
