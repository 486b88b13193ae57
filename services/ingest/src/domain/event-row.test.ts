import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { decodeEnvelope, encodeEvent } from '@tollgate/events';
import { StoreBodies } from '@tollgate/proto/events';
import { SdkEventSchema } from '@tollgate/proto/sdk';
import { describe, expect, it } from 'vitest';
import { toEventRow } from './event-row.ts';
import { createRedactor, REDACTED } from './redact.ts';

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
    expect(toEventRow(env, payload, { defaultStoreBodies: 'off' })).toMatchObject({
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

  it('stores bodies redacted when that is the default', () => {
    const { env, payload } = event();
    expect(toEventRow(env, payload, { defaultStoreBodies: 'redacted' })).toMatchObject({ prompt: `mail ${REDACTED.email}`, response: 'ok' });
  });

  it("follows the event's mark (its project's choice) over the default", () => {
    const full = event({ storeBodies: StoreBodies.FULL, toolInput: '{"to":"bob@example.com"}' });
    expect(toEventRow(full.env, full.payload, { defaultStoreBodies: 'off' })).toMatchObject({
      prompt: 'mail bob@example.com',
      tool_input: '{"to":"bob@example.com"}',
      error_message: `key ${REDACTED.key} leaked`,
    });
    const redacted = event({ storeBodies: StoreBodies.REDACTED });
    expect(toEventRow(redacted.env, redacted.payload, { defaultStoreBodies: 'full' }).prompt).toBe(`mail ${REDACTED.email}`);
    const off = event({ storeBodies: StoreBodies.OFF });
    expect(toEventRow(off.env, off.payload, { defaultStoreBodies: 'full' })).toMatchObject({ prompt: '', response: '' });
    const unspecified = event({ storeBodies: StoreBodies.UNSPECIFIED });
    expect(toEventRow(unspecified.env, unspecified.payload, { defaultStoreBodies: 'full' }).prompt).toBe('mail bob@example.com');
  });

  it("masks a deployment's own patterns too", () => {
    const { env, payload } = event({ storeBodies: StoreBodies.REDACTED, prompt: 'customer CUST-12345 at bob@example.com' });
    const redact = createRedactor([/CUST-\d+/]);
    expect(toEventRow(env, payload, { defaultStoreBodies: 'off', redact }).prompt).toBe(`customer ${REDACTED.custom} at ${REDACTED.email}`);
  });

  it('rejects an event it could never store', () => {
    const noId = event();
    noId.env.id = '';
    expect(() => toEventRow(noId.env, noId.payload, { defaultStoreBodies: 'off' })).toThrow(/id/);
    const noProject = event({ projectId: '' });
    noProject.env.projectId = '';
    expect(() => toEventRow(noProject.env, noProject.payload, { defaultStoreBodies: 'off' })).toThrow(/project/);
    const noTime = event({ timestamp: undefined });
    noTime.env.occurredAt = undefined;
    expect(() => toEventRow(noTime.env, noTime.payload, { defaultStoreBodies: 'off' })).toThrow(/timestamp/);
  });
});
