import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { decodeEnvelope, encodeEvent } from '@tollgate/events';
import { SdkEventSchema } from '@tollgate/proto/sdk';
import { describe, expect, it } from 'vitest';
import { toEventRow } from './event-row.ts';
import { REDACTED } from './redact.ts';

const T = Date.UTC(2026, 2, 4, 5, 6, 7, 89);
const ID = '0195a3c4-1b2c-7d3e-8f40-123456789abc';

function event(init: Parameters<typeof create<typeof SdkEventSchema>>[1] = {}) {
  const payload = create(SdkEventSchema, {
    eventId: ID,
    projectId: 'p1',
    keyId: 'k1',
    eventType: 'prompt_call',
    timestamp: timestampFromMs(T),
    receivedAt: timestampFromMs(T + 40),
    model: 'gpt-4o',
    status: 'success',
    tokensInput: 10,
    tokensOutput: 5,
    costNanousd: 9_007_199_254_740_993n,
    latencyMs: 300,
    prompt: 'mail bob@example.com',
    response: 'ok',
    errorMessage: 'key sk-abcdefghijklmnopqrstuv leaked',
    metadataJson: '{"owner":"ann@example.com"}',
    ...init,
  });
  return { env: decodeEnvelope(encodeEvent(SdkEventSchema, payload, { projectId: 'p1', nowMs: T, id: ID }).bytes), payload };
}

describe('toEventRow', () => {
  it('maps an SDK event to its row, exact cost, bodies left out by default, secrets redacted', () => {
    const { env, payload } = event();
    expect(toEventRow(env, payload, { storeBodies: false })).toMatchObject({
      event_id: ID,
      project_id: 'p1',
      key_id: 'k1',
      event_type: 'prompt_call',
      occurred_at: '2026-03-04 05:06:07.089',
      received_at: '2026-03-04 05:06:07.129',
      cost_nanousd: '9007199254740993',
      prompt: '',
      response: '',
      error_message: `key ${REDACTED.key} leaked`,
      metadata: `{"owner":"${REDACTED.email}"}`,
    });
  });

  it('stores bodies redacted when enabled', () => {
    const { env, payload } = event();
    expect(toEventRow(env, payload, { storeBodies: true })).toMatchObject({ prompt: `mail ${REDACTED.email}`, response: 'ok' });
  });

  it('rejects an event it could never store', () => {
    const noId = event();
    noId.env.id = '';
    expect(() => toEventRow(noId.env, noId.payload, { storeBodies: false })).toThrow(/id/);
    const noProject = event({ projectId: '' });
    noProject.env.projectId = '';
    expect(() => toEventRow(noProject.env, noProject.payload, { storeBodies: false })).toThrow(/project/);
    const noTime = event({ timestamp: undefined });
    noTime.env.occurredAt = undefined;
    expect(() => toEventRow(noTime.env, noTime.payload, { storeBodies: false })).toThrow(/timestamp/);
  });
});
