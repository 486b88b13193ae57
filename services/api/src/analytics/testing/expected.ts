// The analytics answers computed straight from the rows the test inserted, without ClickHouse and without the
// code under test: what every endpoint must agree with.

import type { RawRow } from './rows.ts';

export const modelOf = (r: RawRow) => r.model_served || r.model_requested;
const dayOf = (r: RawRow) => r.occurred_at.slice(0, 10);
const nano = (r: RawRow) => BigInt(r.cost_nanousd);
export const usd = (n: bigint) => Number(n) / 1e9;

export function inRange(rows: RawRow[], projectId: string, from: string, to: string): RawRow[] {
  return rows.filter((r) => r.project_id === projectId && dayOf(r) >= from && dayOf(r) <= to);
}

export function totals(rows: RawRow[]) {
  const requests = rows.length;
  const errors = rows.filter((r) => r.status >= 400).length;
  return {
    requests,
    errors,
    error_rate: requests ? errors / requests : 0,
    tokens_in: rows.reduce((n, r) => n + r.tokens_in, 0),
    tokens_out: rows.reduce((n, r) => n + r.tokens_out, 0),
    cost_usd: usd(rows.reduce((n, r) => n + nano(r), 0n)),
    cache_hits: rows.filter((r) => r.cache_status === 'hit').length,
  };
}

export function groupBy(rows: RawRow[], key: (r: RawRow) => string): Map<string, RawRow[]> {
  const m = new Map<string, RawRow[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

/** ClickHouse's interpolated quantile over all values (exact below 8192 values). */
export function quantile(values: number[], level: number): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const pos = level * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

export function percentiles(values: number[]) {
  return { p50: quantile(values, 0.5), p95: quantile(values, 0.95), p99: quantile(values, 0.99) };
}

/** Nano-USD saved per model: hits x average cost of successful misses of that model (rounded down). */
export function savedByModel(rows: RawRow[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [model, rs] of groupBy(rows, modelOf)) {
    const hits = BigInt(rs.filter((r) => r.cache_status === 'hit').length);
    const priced = rs.filter((r) => r.cache_status === 'miss' && r.status < 400);
    const cost = priced.reduce((n, r) => n + nano(r), 0n);
    out.set(model, priced.length ? (hits * cost) / BigInt(priced.length) : 0n);
  }
  return out;
}

export function savedTotal(rows: RawRow[]): number {
  return usd([...savedByModel(rows).values()].reduce((n, v) => n + v, 0n));
}
