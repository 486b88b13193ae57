import { StoreBodies } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { toSdkEvent } from './sdk-events-message.ts';
import { validateSdkEvent } from './sdk-events-validate.ts';

const NOW = Date.UTC(2026, 2, 4, 12, 0, 0);
const input = () => {
  const v = validateSdkEvent(
    { event_id: '0195a3c4-1b2c-7d3e-8f40-000000000001', event_type: 'prompt_call', timestamp: '2026-03-04T11:59:00Z', model: 'm', prompt: 'hi jane@example.com', response: 'hello' },
    NOW,
  );
  if (!v.ok) throw new Error(v.message);
  return v.event;
};

describe('SdkEvent store_bodies mark', () => {
  it("carries the project's choice, and no bodies at all when it stores none", () => {
    const who = { keyId: 'k', projectId: 'p' };
    expect(toSdkEvent(input(), { ...who, storeBodies: 'redacted' }, NOW)).toMatchObject({ storeBodies: StoreBodies.REDACTED, prompt: 'hi jane@example.com', response: 'hello' });
    expect(toSdkEvent(input(), { ...who, storeBodies: 'full' }, NOW).storeBodies).toBe(StoreBodies.FULL);
    expect(toSdkEvent(input(), { ...who, storeBodies: 'off' }, NOW)).toMatchObject({ storeBodies: StoreBodies.OFF, prompt: '', response: '' });
    expect(toSdkEvent(input(), who, NOW)).toMatchObject({ storeBodies: StoreBodies.UNSPECIFIED, prompt: 'hi jane@example.com' });
  });
});
