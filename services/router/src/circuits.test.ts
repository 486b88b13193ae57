import { createMemoryKv } from '@tollgate/bus';
import { type CircuitRecord, encodeCircuit } from '@tollgate/events';
import { describe, expect, it } from 'vitest';
import { watchCircuits } from './circuits.ts';

const record = (provider: string, state: CircuitRecord['state'], untilMs: number): Uint8Array => encodeCircuit({ provider, state, failures: 5, untilMs, updatedMs: 0 });

describe('watchCircuits', () => {
  it('follows the bucket: open blocks, closed or deleted allows, and an expired open lets probes through', async () => {
    let now = 1000;
    const bucket = await createMemoryKv().bucket('circuits');
    await bucket.put('groq', record('groq', 'open', 5000)); // present before the watch starts
    const view = await watchCircuits(bucket, () => now);
    expect(view.allows('groq')).toBe(false);
    expect(view.retryAfterS?.('groq')).toBe(4);
    expect(view.allows('openai')).toBe(true);
    now = 5000;
    expect(view.allows('groq')).toBe(true); // alerts may be down: the open period still ends
    now = 1000;
    await bucket.put('groq', record('groq', 'closed', 0));
    expect(view.allows('groq')).toBe(true);
    await bucket.put('groq', record('groq', 'open', 9000));
    expect(view.allows('groq')).toBe(false);
    await bucket.delete('groq');
    expect(view.allows('groq')).toBe(true);
    view.stop();
  });

  it('fails open on an unreadable record', async () => {
    const bucket = await createMemoryKv().bucket('circuits');
    const view = await watchCircuits(bucket, () => 0);
    await bucket.put('x', new TextEncoder().encode('{not json'));
    expect(view.allows('x')).toBe(true);
    view.stop();
  });
});
