import type { KvBucket } from '@tollgate/bus';
import type { BudgetRecord } from './budget-fold.ts';

/**
 * The folded budget records and their write-back to the KV bucket `buckets.budgets` (key: the record's scope).
 * A record is loaded from the bucket the first time the fold touches it, so a restarted service continues from
 * what it last wrote; records whose write failed stay dirty for the next flush. Clean records are dropped from
 * memory past maxRecords (they reload on demand), so old periods do not accumulate.
 *
 * Hazard: one alerts instance folds the stream (a single writer per bucket), as for circuits.
 */
export class BudgetTable {
  private readonly bucket: KvBucket;
  private readonly maxRecords: number;
  private readonly records = new Map<string, BudgetRecord>();
  private readonly dirty = new Set<string>();

  constructor(bucket: KvBucket, maxRecords = 50_000) {
    this.bucket = bucket;
    this.maxRecords = maxRecords;
  }

  /** The record when it is in memory (no read of the bucket); undefined says nothing about the bucket. */
  held(scope: string): BudgetRecord | undefined {
    return this.records.get(scope);
  }

  async current(scope: string): Promise<BudgetRecord | undefined> {
    const hit = this.records.get(scope);
    if (hit) return hit;
    const bytes = await this.bucket.get(scope);
    const rec = bytes ? decodeBudgetRecord(bytes) : undefined;
    if (rec) this.records.set(scope, rec);
    return rec;
  }

  set(rec: BudgetRecord): void {
    this.records.set(rec.scope, rec);
    this.dirty.add(rec.scope);
  }

  /** Writes every record changed since its last write, then trims clean records. Returns how many were written. */
  async flush(): Promise<number> {
    let n = 0;
    for (const scope of [...this.dirty]) {
      await this.bucket.put(scope, encodeBudgetRecord(this.records.get(scope)!));
      this.dirty.delete(scope);
      n++;
    }
    if (this.records.size > this.maxRecords) for (const k of this.records.keys()) if (!this.dirty.has(k)) this.records.delete(k);
    return n;
  }
}

export function encodeBudgetRecord(r: BudgetRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ ...r, spentNanousd: r.spentNanousd.toString() }));
}

export function decodeBudgetRecord(bytes: Uint8Array): BudgetRecord | undefined {
  try {
    const r = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof r?.scope !== 'string' || typeof r.spentNanousd !== 'string') return undefined;
    return { ...r, spentNanousd: BigInt(r.spentNanousd) } as BudgetRecord;
  } catch {
    return undefined;
  }
}
