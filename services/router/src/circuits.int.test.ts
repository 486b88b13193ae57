import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats, connectNatsKv } from '@tollgate/bus';
import { type CircuitRecord, encodeCircuit } from '@tollgate/events';
import { testUrls, uniqueName, waitFor } from '@tollgate/testing';
import { describe, expect, it } from 'vitest';
import { watchCircuits } from './circuits.ts';

describe('watchCircuits over NATS KV', () => {
  it('sees a circuit the alerts service opens and closes', async () => {
    const nc = await connectNats(testUrls().natsUrl);
    const name = uniqueName('tg_circuits_test_');
    const bucket = await (await connectNatsKv(nc)).bucket(name);
    const rec = (state: CircuitRecord['state']) => encodeCircuit({ provider: 'groq', state, failures: 5, untilMs: Date.now() + 60_000, updatedMs: Date.now() });
    const view = await watchCircuits(bucket, Date.now);
    try {
      expect(view.allows('groq')).toBe(true);
      await bucket.put('groq', rec('open'));
      await waitFor(() => expect(view.allows('groq')).toBe(false), { timeoutMs: 3000 });
      await bucket.put('groq', rec('closed'));
      await waitFor(() => expect(view.allows('groq')).toBe(true), { timeoutMs: 3000 });
    } finally {
      view.stop();
      await (await jetstreamManager(nc)).streams.delete(`KV_${name}`);
      await nc.drain();
    }
  });
});
