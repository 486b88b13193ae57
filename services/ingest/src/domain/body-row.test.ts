import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { decodeEnvelope, encodeEvent, MAX_STORED_BODY_BYTES } from '@tollgate/events';
import { RequestCompletedSchema, StoreBodies } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { toRequestBodyRow } from './body-row.ts';
import { REDACTED, redact } from './redact.ts';
import { toRequestRow } from './row.ts';
import { utf8Prefix } from './utf8.ts';

const T = Date.UTC(2026, 2, 4, 5, 6, 7, 89);
const ID = '0195a3c4-1b2c-7d3e-8f40-123456789abc';
const enc = new TextEncoder();
const REQUEST = '{"messages":[{"role":"user","content":"I am jane@example.com"}]}';
const RESPONSE = '{"choices":[{"message":{"content":"card 4111 1111 1111 1111"}}]}';

function rows(init: Parameters<typeof create<typeof RequestCompletedSchema>>[1], defaultStoreBodies: 'off' | 'redacted' | 'full' = 'off') {
  const ev = create(RequestCompletedSchema, { requestId: 'r1', projectId: 'p1', startedAt: timestampFromMs(T), status: 200, ...init });
  const env = decodeEnvelope(encodeEvent(RequestCompletedSchema, ev, { projectId: 'p1', nowMs: T, id: ID }).bytes);
  return toRequestBodyRow(toRequestRow(env, ev), ev, { defaultStoreBodies, redact });
}
const bodies = (request = REQUEST, response = RESPONSE) => ({ request: enc.encode(request), response: enc.encode(response) });

describe('toRequestBodyRow', () => {
  it('stores redacted bodies under the request id, time and project of the request', () => {
    expect(rows({ storeBodies: StoreBodies.REDACTED, bodies: bodies() })).toEqual({
      event_id: ID,
      request_id: 'r1',
      project_id: 'p1',
      occurred_at: '2026-03-04 05:06:07.089',
      mode: 'redacted',
      request: `{"messages":[{"role":"user","content":"I am ${REDACTED.email}"}]}`,
      response: `{"choices":[{"message":{"content":"card ${REDACTED.card}"}}]}`,
      truncated: false,
    });
  });

  it('stores full bodies as they are, from the cache entry when that carries them', () => {
    expect(rows({ storeBodies: StoreBodies.FULL, cacheEntry: bodies() })).toMatchObject({ mode: 'full', request: REQUEST, response: RESPONSE });
  });

  it('stores nothing for a project that stores nothing, whatever travelled', () => {
    expect(rows({ storeBodies: StoreBodies.OFF, bodies: bodies(), cacheEntry: bodies() }, 'full')).toBeUndefined();
    expect(rows({ storeBodies: StoreBodies.REDACTED })).toBeUndefined();
  });

  it('applies the default to an event marked unspecified', () => {
    expect(rows({ cacheEntry: bodies() })).toBeUndefined();
    expect(rows({ cacheEntry: bodies() }, 'full')).toMatchObject({ mode: 'full', request: REQUEST });
  });

  it('cuts bodies over 64 KiB, and keeps the mark of bodies ingress already cut', () => {
    const big = rows({ storeBodies: StoreBodies.FULL, cacheEntry: bodies(REQUEST, 'é'.repeat(MAX_STORED_BODY_BYTES)) });
    expect(big?.truncated).toBe(true);
    expect(Buffer.byteLength(big?.response ?? '')).toBe(MAX_STORED_BODY_BYTES);
    expect(rows({ storeBodies: StoreBodies.FULL, bodies: { ...bodies(), responseTruncated: true } })?.truncated).toBe(true);
  });
});

describe('utf8Prefix', () => {
  it('never splits a character', () => {
    expect(utf8Prefix('aé€', 4)).toEqual({ text: 'aé', truncated: true });
    expect(utf8Prefix('aé€', 6)).toEqual({ text: 'aé€', truncated: false });
    expect(utf8Prefix('😀😀', 5)).toEqual({ text: '😀', truncated: true });
  });
});
