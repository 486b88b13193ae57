// GET /api/v1/projects/{id}/analytics/users?limit=: the top spenders, from raw rows. Requests carry no end-user
// column yet, so the user dimension is the API key (key_id); the field is called `user` so that a real user id
// can replace it later without changing the answer's shape.

import { RAW_TOTALS, RAW_WHERE, type Scope, type Sql, scopeParams } from './scope.ts';
import { shapeTotals, type Totals, type TotalsRow } from './totals.ts';

export const USER_DIMENSION = 'key_id';

export function usersSql(s: Scope, limit: number): Sql {
  return {
    query: `SELECT ${USER_DIMENSION} AS user, ${RAW_TOTALS} FROM requests WHERE ${RAW_WHERE}
      GROUP BY user ORDER BY sum(cost_nanousd) DESC, requests DESC, user ASC LIMIT {limit:UInt32}`,
    params: { ...scopeParams(s), limit },
  };
}

export type UserRow = { user: string } & Totals;

export function shapeUsers(rows: (TotalsRow & { user: string })[]): UserRow[] {
  return rows.map((r) => ({ user: r.user, ...shapeTotals(r) }));
}
