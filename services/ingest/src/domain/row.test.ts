import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { decodeEnvelope, encodeEvent } from '@tollgate/events';
import { AttemptSchema, CacheStatus, ErrorClass, RequestCompletedSchema } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { MAX_ERROR_MESSAGE, toRequestRow } from './row.ts';

const T = Date.UTC(2026, 2, 4, 5, 6, 7, 89);

function event(init: MessageInitShape<typeof RequestCompletedSchema> = {}, meta: { id?: string; nowMs?: number } = {}) {
  const payload = create(RequestCompletedSchema, {
    requestId: 'req-1',
    projectId: 'proj-1',
    keyId: 'key-1',
    endpoint: '/v1/chat/completions',
    modelRequested: 'gpt-4o',
    modelServed: 'gpt-4o-2024-08-06',
    provider: 'openai',
    status: 200,
    tokensIn: 120,
    tokensOut: 30,
    costNanousd: 600_000n,
    latencyMs: 850,
    ttftMs: 140,
    cacheStatus: CacheStatus.MISS,
    streaming: true,
    ...init,
  });
  const env = decodeEnvelope(encodeEvent(RequestCompletedSchema, payload, { projectId: 'proj-1', nowMs: meta.nowMs ?? T, id: meta.id ?? 'evt-1' }).bytes);
  return { env, payload };
}

describe('toRequestRow', () => {
  it('maps every field of a completed request to its column', () => {
    const { env, payload } = event();
    expect(toRequestRow(env, payload)).toEqual({
      event_id: 'evt-1',
      request_id: 'req-1',
      project_id: 'proj-1',
      key_id: 'key-1',
      occurred_at: '2026-03-04 05:06:07.089',
      endpoint: '/v1/chat/completions',
      model_requested: 'gpt-4o',
      model_served: 'gpt-4o-2024-08-06',
      provider: 'openai',
      status: 200,
      error_class: 'none',
      error_message: '',
      tokens_in: 120,
      tokens_out: 30,
      cost_nanousd: '600000',
      latency_ms: 850,
      ttft_ms: 140,
      cache_status: 'miss',
      streaming: true,
      attempts: 0,
      attempts_json: '[]',
    });
  });

  it('names cache statuses and error classes in lower case', () => {
    const names = (cacheStatus: CacheStatus, errorClass: ErrorClass) => {
      const { env, payload } = event({ cacheStatus, errorClass });
      const r = toRequestRow(env, payload);
      return [r.cache_status, r.error_class];
    };
    expect(names(CacheStatus.HIT, ErrorClass.NONE)).toEqual(['hit', 'none']);
    expect(names(CacheStatus.BYPASS, ErrorClass.UPSTREAM)).toEqual(['bypass', 'upstream']);
    expect(names(CacheStatus.UNSPECIFIED, ErrorClass.RATE_LIMITED)).toEqual(['unspecified', 'rate_limited']);
    expect(names(CacheStatus.MISS, ErrorClass.CIRCUIT_OPEN)).toEqual(['miss', 'circuit_open']);
    expect(names(99 as CacheStatus, 99 as ErrorClass)).toEqual(['unknown', 'unknown']);
  });

  it('keeps every failover attempt as JSON and counts them', () => {
    const { env, payload } = event({
      status: 200,
      attempts: [
        { provider: 'openai', model: 'gpt-4o', status: 503, errorClass: ErrorClass.UPSTREAM, latencyMs: 40 },
        { provider: 'azure', model: 'gpt-4o', status: 200, errorClass: ErrorClass.NONE, latencyMs: 700 },
      ].map((a) => create(AttemptSchema, a)),
    });
    const r = toRequestRow(env, payload);
    expect(r.attempts).toBe(2);
    expect(JSON.parse(r.attempts_json)).toEqual([
      { provider: 'openai', model: 'gpt-4o', status: 503, error_class: 'upstream', latency_ms: 40 },
      { provider: 'azure', model: 'gpt-4o', status: 200, error_class: 'none', latency_ms: 700 },
    ]);
  });

  it('keeps a cost beyond 2^53 nano-dollars exact', () => {
    const { env, payload } = event({ costNanousd: 9_007_199_254_740_993n });
    expect(toRequestRow(env, payload).cost_nanousd).toBe('9007199254740993');
  });

  it('truncates a huge provider error message', () => {
    const { env, payload } = event({ status: 502, errorClass: ErrorClass.UPSTREAM, errorMessage: 'x'.repeat(100_000) });
    expect(toRequestRow(env, payload).error_message).toHaveLength(MAX_ERROR_MESSAGE);
  });

  it("falls back to the envelope's project and the request's start time", () => {
    const { env, payload } = event({ projectId: '', startedAt: timestampFromMs(T - 1000) });
    env.occurredAt = undefined;
    const r = toRequestRow(env, payload);
    expect(r.project_id).toBe('proj-1');
    expect(r.occurred_at).toBe('2026-03-04 05:06:06.089');
  });

  it('rejects an event it could never store', () => {
    const noTime = event();
    noTime.env.occurredAt = undefined;
    expect(() => toRequestRow(noTime.env, noTime.payload)).toThrow(/occurred_at/);
    const noId = event();
    noId.env.id = '';
    expect(() => toRequestRow(noId.env, noId.payload)).toThrow(/id/);
  });
});
