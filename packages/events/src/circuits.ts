import type { KvBucket } from '@tollgate/bus';

// The circuit-breaker state that the alerts service projects from request events into the KV bucket
// `buckets.circuits` (key: provider name) and that the router reads from memory (KV watch).

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitRecord {
  provider: string;
  state: CircuitState;
  /** Consecutive failures counted so far. */
  failures: number;
  /** While open: the time (ms since epoch) after which a probe may go through (the circuit is then half-open). */
  untilMs: number;
  /** Occurrence time of the last event folded in. */
  updatedMs: number;
}

export function encodeCircuit(r: CircuitRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(r));
}

export function decodeCircuit(bytes: Uint8Array): CircuitRecord | undefined {
  try {
    const r = JSON.parse(new TextDecoder().decode(bytes)) as CircuitRecord;
    return typeof r?.provider === 'string' && ['closed', 'open', 'half_open'].includes(r.state) ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a request may be sent to a provider with this circuit record at time nowMs. An open circuit whose
 * untilMs has passed lets requests through as probes even if no newer record arrived (alerts may be down).
 */
export function circuitAllows(r: CircuitRecord | undefined, nowMs: number): boolean {
  return r?.state !== 'open' || nowMs >= r.untilMs;
}

/** The current circuit records (for provider health reports), kept from a watch of the circuits bucket. */
export async function watchCircuitRecords(bucket: KvBucket): Promise<{ list: () => CircuitRecord[]; stop: () => void }> {
  const records = new Map<string, CircuitRecord>();
  const stop = await bucket.watch((key, value) => {
    const r = value && decodeCircuit(value);
    if (r) records.set(key, r);
    else records.delete(key);
  });
  return { list: () => [...records.values()], stop };
}
