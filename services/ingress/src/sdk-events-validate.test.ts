import { describe, expect, it } from 'vitest';
import { validateBatch } from './sdk-events-batch.ts';
import { DEFAULT_SDK_EVENT_LIMITS, type Validated, validateSdkEvent } from './sdk-events-validate.ts';

const NOW = Date.UTC(2026, 2, 4, 12, 0, 0, 0);
const ID = '0195a3c4-1b2c-7d3e-8f40-123456789abc';

function event(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { event_id: ID, event_type: 'prompt_call', timestamp: '2026-03-04T11:59:00.123Z', model: 'gpt-4o', ...over };
}

const field = (v: Validated) => (v.ok ? 'ok' : v.field);
const ok = (v: Validated) => {
  if (!v.ok) throw new Error(`expected a valid event, got ${v.field}: ${v.message}`);
  return v.event;
};

describe('validateSdkEvent', () => {
  it('maps every field, converting cost to nano-dollars and structured values to JSON text', () => {
    const e = ok(
      validateSdkEvent(
        event({
          event_id: ID.toUpperCase(),
          prompt: [{ role: 'user', content: 'hi' }],
          response: 'hello',
          tokens_input: 12,
          tokens_output: 34,
          cost_estimate_usd: 0.000123,
          latency_ms: 250.4,
          status: 'success',
          run_id: 'run-1',
          user_id: 'u-1',
          step: 3,
          project_id: 'p1',
          metadata: { env: 'prod' },
        }),
        NOW,
      ),
    );
    expect(e).toMatchObject({
      eventId: ID,
      eventType: 'prompt_call',
      timestampMs: Date.UTC(2026, 2, 4, 11, 59, 0, 123),
      projectId: 'p1',
      prompt: '[{"role":"user","content":"hi"}]',
      response: 'hello',
      tokensInput: 12,
      tokensOutput: 34,
      costNanousd: 123_000n,
      latencyMs: 250,
      step: '3',
      metadataJson: '{"env":"prod"}',
    });
  });

  it('keeps unknown fields in metadata, metadata keys winning', () => {
    const e = ok(validateSdkEvent(event({ tags: ['a'], env: 'dev', metadata: { env: 'prod' } }), NOW));
    expect(JSON.parse(e.metadataJson)).toEqual({ tags: ['a'], env: 'prod' });
  });

  it('accepts custom event types and the error object of WatchLLM SDKs', () => {
    expect(ok(validateSdkEvent(event({ event_type: 'cache.evicted', model: undefined }), NOW)).eventType).toBe('cache.evicted');
    const e = ok(validateSdkEvent(event({ event_type: 'error', error: { message: 'boom', type: 'E' } }), NOW));
    expect(e.errorMessage).toBe('boom');
    expect(JSON.parse(e.metadataJson).error).toEqual({ message: 'boom', type: 'E' });
  });

  it('reads time zones, missing zones (UTC), and extra fraction digits', () => {
    const t = (timestamp: string) => ok(validateSdkEvent(event({ timestamp }), NOW)).timestampMs;
    expect(t('2026-03-04T13:59:00.123+02:00')).toBe(Date.UTC(2026, 2, 4, 11, 59, 0, 123));
    expect(t('2026-03-04T11:59:00.123456')).toBe(Date.UTC(2026, 2, 4, 11, 59, 0, 123));
    expect(t('2026-03-04T11:59:00Z')).toBe(Date.UTC(2026, 2, 4, 11, 59, 0, 0));
  });

  it.each([
    [{ event_id: 'not-a-uuid' }, 'event_id'],
    [{ event_id: undefined }, 'event_id'],
    [{ event_type: undefined }, 'event_type'],
    [{ event_type: 'has space' }, 'event_type'],
    [{ timestamp: '2026-03-04 11:59:00' }, 'timestamp'],
    [{ timestamp: '2026-02-30T00:00:00.000Z' }, 'timestamp'],
    [{ timestamp: '2025-01-01T00:00:00.000Z' }, 'timestamp'],
    [{ timestamp: '2026-03-06T00:00:00.000Z' }, 'timestamp'],
    [{ tokens_input: -1 }, 'tokens_input'],
    [{ tokens_output: 1.5 }, 'tokens_output'],
    [{ tokens_input: '12' }, 'tokens_input'],
    [{ cost_estimate_usd: -0.1 }, 'cost_estimate_usd'],
    [{ latency_ms: 'fast' }, 'latency_ms'],
    [{ metadata: [1] }, 'metadata'],
    [{ run_id: 7 }, 'run_id'],
    [{ step: -1 }, 'step'],
    [{ model: 'm'.repeat(257) }, 'model'],
    [{ model: undefined }, 'model'],
    [{ event_type: 'tool_call' }, 'tool_name'],
    [{ event_type: 'error' }, 'error_message'],
    [{ error_message: { no: 'object' } }, 'error_message'],
    [{ project_id: 5 }, 'project_id'],
  ])('rejects %o naming %s', (over, name) => {
    expect(field(validateSdkEvent(event(over), NOW))).toBe(name);
  });

  it('limits every large field in bytes, multi-byte characters included', () => {
    const limits = { ...DEFAULT_SDK_EVENT_LIMITS, maxFieldBytes: 100 };
    expect(field(validateSdkEvent(event({ prompt: 'x'.repeat(100) }), NOW, limits))).toBe('ok');
    expect(field(validateSdkEvent(event({ prompt: 'é'.repeat(51) }), NOW, limits))).toBe('prompt');
    expect(field(validateSdkEvent(event({ tool_output: { a: 'x'.repeat(100) } }), NOW, limits))).toBe('tool_output');
    expect(field(validateSdkEvent(event({ extra: 'x'.repeat(100) }), NOW, limits))).toBe('metadata');
  });

  it('rejects a non-object event without naming a field', () => {
    expect(validateSdkEvent([1], NOW)).toEqual({ ok: false, field: '', message: 'an event must be a JSON object' });
  });
});

describe('validateBatch', () => {
  const id = (n: number) => `0195a3c4-1b2c-7d3e-8f40-${String(n).padStart(12, '0')}`;

  it('accepts valid events, rejects bad ones by index and counts repeated ids once', () => {
    const b = validateBatch({ events: [event({ event_id: id(1) }), event({ event_id: id(2), tokens_input: -1 }), event({ event_id: id(1) }), 'x', event({ event_id: id(3) })] }, NOW);
    expect(b.events.map((e) => e.eventId)).toEqual([id(1), id(3)]);
    expect(b.indexes).toEqual([0, 4]);
    expect(b.duplicates).toBe(1);
    expect(b.rejected).toEqual([
      { index: 1, event_id: id(2), param: 'events[1].tokens_input', message: expect.stringContaining('tokens_input') },
      { index: 3, event_id: null, param: 'events[3]', message: 'an event must be a JSON object' },
    ]);
  });

  it('refuses a body that is not a batch, and one over the size limit', () => {
    expect(() => validateBatch([], NOW)).toThrow(/JSON object/);
    expect(() => validateBatch({ events: [] }, NOW)).toThrow(expect.objectContaining({ kind: 'invalid_request', param: 'events' }));
    expect(() => validateBatch({ events: [event()], project_id: 1 }, NOW)).toThrow(expect.objectContaining({ param: 'project_id' }));
    const limits = { ...DEFAULT_SDK_EVENT_LIMITS, maxEventsPerBatch: 2 };
    expect(() => validateBatch({ events: [1, 2, 3] }, NOW, limits)).toThrow(expect.objectContaining({ kind: 'payload_too_large' }));
  });
});
