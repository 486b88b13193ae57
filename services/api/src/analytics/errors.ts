// GET /api/v1/projects/{id}/analytics/errors: error rates by error class, from raw rows. An error is a request
// answered with status >= 400 (as in the rollup); its class is the one ingest recorded (upstream, timeout, ...).

import { type IntLike, int, ratio } from './numbers.ts';
import { RAW_WHERE, type Scope, type Sql, scopeParams } from './scope.ts';

export function errorsSql(s: Scope): Sql {
  return {
    query: `SELECT error_class, count() AS requests, countIf(status >= 400) AS errors FROM requests WHERE ${RAW_WHERE} GROUP BY error_class`,
    params: scopeParams(s),
  };
}

export interface ErrorClassRow {
  error_class: string;
  requests: IntLike;
  errors: IntLike;
}

export interface ErrorReport {
  requests: number;
  errors: number;
  error_rate: number;
  /** Classes with at least one error, most errors first. rate = errors / all requests; share = errors / all errors. */
  classes: { error_class: string; errors: number; rate: number; share: number }[];
}

export function shapeErrors(rows: ErrorClassRow[]): ErrorReport {
  const requests = rows.reduce((n, r) => n + int(r.requests), 0);
  const errors = rows.reduce((n, r) => n + int(r.errors), 0);
  const classes = rows
    .filter((r) => int(r.errors) > 0)
    .map((r) => ({ error_class: r.error_class, errors: int(r.errors), rate: ratio(int(r.errors), requests), share: ratio(int(r.errors), errors) }))
    .sort((a, b) => b.errors - a.errors || (a.error_class < b.error_class ? -1 : 1));
  return { requests, errors, error_rate: ratio(errors, requests), classes };
}
