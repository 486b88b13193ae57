import type { KvBucket } from '@tollgate/bus';
import { type CircuitRecord, decodeCircuit } from '@tollgate/events';

/** The current circuit records (for the api's provider health), kept from a watch of the circuits bucket. */
export async function watchCircuitRecords(bucket: KvBucket): Promise<{ list: () => CircuitRecord[]; stop: () => void }> {
  const records = new Map<string, CircuitRecord>();
  const stop = await bucket.watch((key, value) => {
    const r = value && decodeCircuit(value);
    if (r) records.set(key, r);
    else records.delete(key);
  });
  return { list: () => [...records.values()], stop };
}
