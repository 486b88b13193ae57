import type { KvBucket } from '@tollgate/bus';
import { type CircuitRecord, circuitAllows, decodeCircuit } from '@tollgate/events';
import type { CircuitView } from './domain/circuit-view.ts';

/**
 * Circuit state held in memory, kept current by watching the KV bucket that the alerts service writes
 * (`buckets.circuits`, key = provider name). Reads on the request path never touch the network. If alerts
 * stops writing, an open circuit still lets probes through once its untilMs has passed (circuitAllows).
 */
export async function watchCircuits(bucket: KvBucket, now: () => number): Promise<CircuitView & { stop(): void }> {
  const records = new Map<string, CircuitRecord>();
  const stop = await bucket.watch((key, value) => {
    const r = value && decodeCircuit(value);
    if (r) records.set(key, r);
    else records.delete(key); // deleted, or unreadable: fail open rather than block a provider forever
  });
  return {
    allows: (provider) => circuitAllows(records.get(provider), now()),
    retryAfterS: (provider) => {
      const r = records.get(provider);
      return r && r.state === 'open' ? Math.max(0, Math.ceil((r.untilMs - now()) / 1000)) : 0;
    },
    stop,
  };
}

/** The view when no circuit state is available (no NATS): every provider is allowed. */
export const allCircuitsClosed: CircuitView = { allows: () => true };
