// GET /api/v1/projects/{id}/analytics/daily: one row per day of the range, days without traffic as zeros.

import { addDays, daysBetween } from './range.ts';
import { ROLLUP_TOTALS, ROLLUP_WHERE, type Scope, type Sql, scopeParams } from './scope.ts';
import { shapeTotals, type Totals, type TotalsRow } from './totals.ts';

export function dailySql(s: Scope): Sql {
  return {
    query: `SELECT toString(day) AS date, ${ROLLUP_TOTALS} FROM daily_metrics WHERE ${ROLLUP_WHERE} GROUP BY day ORDER BY day`,
    params: scopeParams(s),
  };
}

export type DailyRow = { day: string } & Totals;

/** Every day from `from` to `to` (bounded by the range limit), filled from `rows` or zero. */
export function fillDays(s: Scope, rows: (TotalsRow & { date: string })[]): DailyRow[] {
  const byDay = new Map(rows.map((r) => [r.date, r]));
  const n = daysBetween(s.from, s.to);
  const out: DailyRow[] = [];
  for (let i = 0; i < n; i++) {
    const day = addDays(s.from, i);
    out.push({ day, ...shapeTotals(byDay.get(day)) });
  }
  return out;
}
