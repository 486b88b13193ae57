import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { KeyChangedSchema } from '@tollgate/proto/config';
import { EnvelopeSchema, RequestCompletedSchema } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodePayload, encodeEvent, OutgoingEvent, occurredAtMs, readEvent, SCHEMA_VERSION } from './envelope.ts';

const event = (n: number) =>
  create(RequestCompletedSchema, { requestId: `r${n}`, projectId: 'p1', modelRequested: 'gpt-4o-mini', status: 200, tokensIn: n, costNanousd: BigInt(n) * 1000n, cacheEntry: n ? { request: new Uint8Array(n).fill(7), response: new Uint8Array(2 * n).fill(9), contentType: 'application/json', provider: 'openai', model: 'gpt-4o-mini' } : undefined });

/** What a consumer in another process gets: the same bytes in a buffer of its own. */
const fromWire = (bytes: Uint8Array) => decodeEnvelope(Uint8Array.from(bytes));

describe('encodeEvent', () => {
  it.each([0, 1, 100, 5000, 70_000])('writes exactly what protobuf writes for an Envelope (payload of %i-byte bodies)', (n) => {
    for (const meta of [{ projectId: 'p1', nowMs: 1_700_000_000_123 }, { projectId: 'p1', nowMs: 1_700_000_000_000, traceparent: '00-abc-def-01', id: 'fixed-id' }, { projectId: '', nowMs: 0, id: 'x' }]) {
      const { id, bytes } = encodeEvent(RequestCompletedSchema, event(n), meta);
      const env = fromWire(bytes);
      expect(bytes).toEqual(toBinary(EnvelopeSchema, env));
      expect(env).toMatchObject({ id, type: 'tollgate.v1.RequestCompleted', projectId: meta.projectId, traceparent: meta.traceparent ?? '', schemaVersion: SCHEMA_VERSION });
      expect(occurredAtMs(env)).toBe(meta.nowMs);
      expect(decodePayload(RequestCompletedSchema, env)).toEqual(event(n));
    }
  });

  it('refuses a payload of another type', () => {
    const { bytes } = encodeEvent(RequestCompletedSchema, event(1), { projectId: 'p1', nowMs: 1000 });
    expect(() => decodePayload(KeyChangedSchema, decodeEnvelope(bytes))).toThrow(/expected tollgate.v1.KeyChanged, got tollgate.v1.RequestCompleted/);
    expect(() => decodePayload(KeyChangedSchema, fromWire(bytes))).toThrow(TypeError);
  });

  it('keeps working after an event larger than the reused buffer is kept for', () => {
    const big = encodeEvent(RequestCompletedSchema, event(600_000), { projectId: 'p1', nowMs: 1000 });
    const small = encodeEvent(RequestCompletedSchema, event(2), { projectId: 'p1', nowMs: 2000 });
    expect(fromBinary(EnvelopeSchema, big.bytes).payload.length).toBeGreaterThan(1_800_000);
    expect(decodePayload(RequestCompletedSchema, fromWire(small.bytes))).toEqual(event(2));
  });
});

describe('readEvent', () => {
  const meta = { projectId: 'p1', nowMs: 1_700_000_000_123, id: 'e1' };

  it('hands over the publisher objects of an event that stayed in the process, without decoding', () => {
    const out = new OutgoingEvent(RequestCompletedSchema, event(3), meta);
    const data = () => expect.unreachable('decoded an in-process event');
    const got = readEvent(RequestCompletedSchema, { get data() { return data(); }, local: out });
    expect(got.payload).toBe(out.payload);
    expect(got.env).toMatchObject({ id: 'e1', projectId: 'p1', type: 'tollgate.v1.RequestCompleted' });
    expect(occurredAtMs(got.env)).toBe(meta.nowMs);
  });

  it('decodes the same event from its bytes, to equal objects', () => {
    const out = new OutgoingEvent(RequestCompletedSchema, event(3), meta);
    const got = readEvent(RequestCompletedSchema, { data: Uint8Array.from(out.encode()) });
    expect(got.payload).toEqual(out.payload);
    expect({ ...got.env, payload: out.envelope.payload }).toEqual(out.envelope);
  });

  it('refuses an event of another type, in process or from bytes', () => {
    const out = new OutgoingEvent(RequestCompletedSchema, event(1), meta);
    expect(() => readEvent(KeyChangedSchema, { data: out.encode(), local: out })).toThrow(/expected tollgate.v1.KeyChanged/);
    expect(() => readEvent(KeyChangedSchema, { data: out.encode() })).toThrow(/expected tollgate.v1.KeyChanged/);
  });
});
