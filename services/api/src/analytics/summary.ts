// GET /api/v1/projects/{id}/analytics/summary: totals over the range from the daily rollup, plus the cache
// savings estimate (from raw rows, see cache.ts).

import { ratio } from './numbers.ts';
import { ROLLUP_TOTALS, ROLLUP_WHERE, type Scope, type Sql, scopeParams } from './scope.ts';
import { shapeTotals, type Totals, type TotalsRow } from './totals.ts';

export function summarySql(s: Scope): Sql {
  return { query: `SELECT ${ROLLUP_TOTALS} FROM daily_metrics WHERE ${ROLLUP_WHERE}`, params: scopeParams(s) };
}

export type Summary = Totals & { cache_hit_rate: number; saved_cost_usd_estimate: number };

export function shapeSummary(row: TotalsRow | undefined, savedUsd: number): Summary {
  const t = shapeTotals(row);
  return { ...t, cache_hit_rate: ratio(t.cache_hits, t.requests), saved_cost_usd_estimate: savedUsd };
}
