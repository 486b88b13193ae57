// GET /api/v1/projects/{id}/analytics/breakdown?by=&limit=: the top N values of one dimension. The grouped
// expression comes from this fixed map, never from the request. model and provider are in the daily rollup;
// key, endpoint and status are not (yet), so those read the raw rows over the same days.

import { RAW_TOTALS, RAW_WHERE, ROLLUP_TOTALS, ROLLUP_WHERE, type Scope, type Sql, scopeParams } from './scope.ts';
import { shapeTotals, type Totals, type TotalsRow } from './totals.ts';

export const DIMENSIONS = {
  model: { source: 'rollup', expr: 'model' },
  provider: { source: 'rollup', expr: 'provider' },
  key: { source: 'raw', expr: 'key_id' },
  endpoint: { source: 'raw', expr: 'endpoint' },
  status: { source: 'raw', expr: 'toString(status)' },
} as const;

export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

export function breakdownSql(s: Scope, by: Dimension, limit: number): Sql {
  const d = DIMENSIONS[by];
  const [table, totals, where] = d.source === 'rollup' ? ['daily_metrics', ROLLUP_TOTALS, ROLLUP_WHERE] : ['requests', RAW_TOTALS, RAW_WHERE];
  return {
    query: `SELECT ${d.expr} AS value, ${totals} FROM ${table} WHERE ${where}
      GROUP BY value ORDER BY requests DESC, value ASC LIMIT {limit:UInt32}`,
    params: { ...scopeParams(s), limit },
  };
}

export type BreakdownRow = { value: string } & Totals;

export function shapeBreakdown(rows: (TotalsRow & { value: string })[]): BreakdownRow[] {
  return rows.map((r) => ({ value: r.value, ...shapeTotals(r) }));
}
