import { decodeCircuit, encodeCircuit, type CircuitRecord } from '@tollgate/events';
import type { KvBucket } from '@tollgate/bus';
import { circuitChanged } from './domain/circuit.ts';

/**
 * The folded circuit records and their write-back to KV. A provider's record is loaded from the bucket the first
 * time the fold touches it, so a restarted service continues from what it last wrote. Records whose write failed
 * stay dirty and are written by the next flush (the batch that failed is redelivered, but its already-folded
 * events are skipped, so the pending write must not depend on them).
 *
 * Hazard: this assumes one alerts instance folds the stream (a single writer per bucket); two instances sharing
 * the durable would each fold half of the outcomes.
 */
export class CircuitTable {
  private readonly bucket: KvBucket;
  private readonly records = new Map<string, CircuitRecord>();
  private readonly written = new Map<string, CircuitRecord>();
  private readonly dirty = new Set<string>();

  constructor(bucket: KvBucket) {
    this.bucket = bucket;
  }

  /** The record when it is in memory (no read of the bucket); undefined says nothing about the bucket. */
  held(provider: string): CircuitRecord | undefined {
    return this.records.get(provider);
  }

  async current(provider: string): Promise<CircuitRecord | undefined> {
    if (this.records.has(provider)) return this.records.get(provider);
    const bytes = await this.bucket.get(provider);
    const rec = bytes ? decodeCircuit(bytes) : undefined;
    if (rec) {
      this.records.set(provider, rec);
      this.written.set(provider, rec);
    }
    return rec;
  }

  set(rec: CircuitRecord): void {
    this.records.set(rec.provider, rec);
    if (circuitChanged(this.written.get(rec.provider), rec)) this.dirty.add(rec.provider);
    else this.dirty.delete(rec.provider);
  }

  /** Writes every record that changed since it was last written. Returns how many were written. */
  async flush(): Promise<number> {
    let n = 0;
    for (const provider of [...this.dirty]) {
      const rec = this.records.get(provider)!;
      await this.bucket.put(provider, encodeCircuit(rec));
      this.written.set(provider, rec);
      this.dirty.delete(provider);
      n++;
    }
    return n;
  }
}
