// GET /api/v1/providers/health (admin): each provider's circuit (as the alerts service last projected it) and,
// over the last hour, its success rate and median latency from raw rows of every project. Cache hits never
// reached a provider and are left out; a success is a request answered with status < 400.

import { type CircuitRecord, circuitAllows } from '@tollgate/events';
import { type IntLike, int, ms, ratio } from './numbers.ts';
import type { Sql } from './scope.ts';

export const WINDOW_MS = 3_600_000;
export const MAX_PROVIDERS = 1000;

export function providerStatsSql(nowMs: number): Sql {
  return {
    query: `SELECT provider, count() AS requests, countIf(status < 400) AS successes, quantile(0.5)(latency_ms) AS latency_p50
      FROM requests WHERE occurred_at >= fromUnixTimestamp64Milli({since_ms:Int64}, 'UTC')
        AND occurred_at < fromUnixTimestamp64Milli({until_ms:Int64}, 'UTC') AND provider != '' AND cache_status != 'hit'
      GROUP BY provider ORDER BY provider LIMIT {limit:UInt32}`,
    params: { since_ms: nowMs - WINDOW_MS, until_ms: nowMs, limit: MAX_PROVIDERS },
  };
}

export interface ProviderStatsRow {
  provider: string;
  requests: IntLike;
  successes: IntLike;
  latency_p50: number | null;
}

export interface ProviderHealth {
  provider: string;
  /** 'unknown' when no circuit source is wired; an open circuit past its deadline admits probes: 'half_open'. */
  circuit: 'closed' | 'open' | 'half_open' | 'unknown';
  consecutive_failures: number;
  open_until: string | null;
  requests: number;
  /** successes / requests over the window; null without requests. */
  success_rate: number | null;
  latency_p50_ms: number | null;
}

/** One entry per provider that has a circuit record or traffic in the window, by name. */
export function providerHealth(rows: ProviderStatsRow[], circuits: readonly CircuitRecord[] | undefined, nowMs: number): ProviderHealth[] {
  const byName = new Map(rows.map((r) => [r.provider, r]));
  const records = new Map((circuits ?? []).map((c) => [c.provider, c]));
  const names = [...new Set([...byName.keys(), ...records.keys()])].sort();
  return names.map((provider) => {
    const r = byName.get(provider);
    const c = records.get(provider);
    const requests = int(r?.requests);
    return {
      provider,
      circuit: !circuits ? 'unknown' : !c ? 'closed' : c.state === 'open' && circuitAllows(c, nowMs) ? 'half_open' : c.state,
      consecutive_failures: c?.failures ?? 0,
      open_until: c?.state === 'open' ? new Date(c.untilMs).toISOString() : null,
      requests,
      success_rate: requests ? ratio(int(r?.successes), requests) : null,
      latency_p50_ms: requests ? ms(r?.latency_p50) : null,
    };
  });
}
