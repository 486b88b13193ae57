import { create } from '@bufbuild/protobuf';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { planFill } from './fill.ts';
import { cacheKey } from './key.ts';

const te = new TextEncoder();
const request = te.encode('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}');
const completed = (init: Record<string, unknown> = {}) =>
  create(RequestCompletedSchema, {
    projectId: 'p1',
    status: 200,
    cacheEntry: { request, response: te.encode('{"id":"x"}'), contentType: 'application/json', provider: 'openai', model: 'gpt-4o-mini-2024' },
    ...init,
  });

describe('planFill', () => {
  it('given a 200 with a cache entry, stores the response under the request key', () => {
    const f = planFill(completed(), 1_000, 1_000, 60);
    expect(f?.key).toBe(cacheKey('p1', request));
    expect(f?.value).toEqual({ response: te.encode('{"id":"x"}'), contentType: 'application/json', provider: 'openai', model: 'gpt-4o-mini-2024' });
    expect(f?.ttlSeconds).toBe(60);
  });

  it('counts the TTL from the occurrence, and drops answers already expired', () => {
    expect(planFill(completed(), 1_000, 31_000, 60)?.ttlSeconds).toBe(30);
    expect(planFill(completed(), 1_000, 61_000, 60)).toBeUndefined();
  });

  it.each([
    ['a non-200', { status: 502 }],
    ['no cache entry', { cacheEntry: undefined }],
    ['a request body that is not a JSON object', { cacheEntry: { request: te.encode('[]'), response: te.encode('x') } }],
    ['an empty response', { cacheEntry: { request, response: new Uint8Array() } }],
  ])('stores nothing for %s', (_what, init) => {
    expect(planFill(completed(init), 0, 0, 60)).toBeUndefined();
  });
});
