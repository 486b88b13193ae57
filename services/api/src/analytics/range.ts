// The time range of an analytics query: inclusive UTC days. `from` and `to` accept ISO dates or date-times (a
// date-time counts from its UTC day, as /v1/projects/{id}/metrics does), so the rollup (daily_metrics, per day)
// and the raw rows (requests) answer the same question exactly. Pure: today is passed in.

import { GatewayError } from '@tollgate/errors';
import { parseDayRange } from '../domain/validate.ts';

export const DEFAULT_DAYS = 30;
/** Longest range accepted, in days (inclusive). Raw-row figures only cover the raw retention (30 days). */
export const MAX_DAYS = 366;

export interface DayRange {
  /** First day, YYYY-MM-DD (inclusive). */
  from: string;
  /** Last day, YYYY-MM-DD (inclusive). */
  to: string;
}

const DAY_MS = 86_400_000;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** `?from=&to=`; without `to`, today; without `from`, the 30 days ending at `to`. */
export function parseAnalyticsRange(query: URLSearchParams, now: Date): DayRange {
  const given = parseDayRange(query);
  const to = query.get('to') ? given.to : now.toISOString().slice(0, 10);
  const from = query.get('from') ? given.from : addDays(to, 1 - DEFAULT_DAYS);
  if (from > to) throw new GatewayError('invalid_request', 'from must not be after to', { param: 'from' });
  if (daysBetween(from, to) > MAX_DAYS) {
    throw new GatewayError('invalid_request', `the range must not exceed ${MAX_DAYS} days`, { param: 'from' });
  }
  return { from, to };
}
