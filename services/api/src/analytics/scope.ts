// What every project query filters on, for the rollup and for the raw rows. toDate(occurred_at) is the very
// expression the daily_metrics view groups by, so both sources cut days identically (and toDate is monotonic,
// so the primary key (project_id, occurred_at) still prunes the raw scan).

import type { DayRange } from './range.ts';

export interface Scope extends DayRange {
  projectId: string;
}

/** A read-only statement and its {name:Type} bindings. */
export interface Sql {
  query: string;
  params: Record<string, string | number>;
}

export const ROLLUP_WHERE = 'project_id = {project_id:String} AND day >= {from:Date} AND day <= {to:Date}';
export const RAW_WHERE = 'project_id = {project_id:String} AND toDate(occurred_at) >= {from:Date} AND toDate(occurred_at) <= {to:Date}';

/** The model a raw row is counted under, as the rollup does: the served model, else the requested one. */
export const RAW_MODEL = "if(model_served = '', model_requested, model_served)";

/** The same totals from either source, under the same names. */
export const ROLLUP_TOTALS = `sum(requests) AS requests, sum(errors) AS errors, sum(tokens_in) AS tokens_in,
  sum(tokens_out) AS tokens_out, toString(sum(cost_nanousd)) AS cost, sum(cache_hits) AS cache_hits`;
export const RAW_TOTALS = `count() AS requests, countIf(status >= 400) AS errors, sum(toUInt64(tokens_in)) AS tokens_in,
  sum(toUInt64(tokens_out)) AS tokens_out, toString(sum(cost_nanousd)) AS cost, countIf(cache_status = 'hit') AS cache_hits`;

export function scopeParams(s: Scope): Record<string, string> {
  return { project_id: s.projectId, from: s.from, to: s.to };
}
