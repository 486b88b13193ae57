// One action per analytics route: authorise, parse, run the pure query builders, shape. No SQL here.

import type { Price } from '@tollgate/config';
import type { ClickHouseClient } from '@tollgate/db';
import type { CircuitRecord } from '@tollgate/events';
import type { Action, ActionContext } from '../actions.ts';
import type { Store } from '../store.ts';
import { type Auth, authorizeProject } from './access.ts';
import { breakdownSql, DIMENSION_NAMES, shapeBreakdown } from './breakdown.ts';
import { type CacheRow, cacheSql, shapeCache, totalSavedUsd } from './cache.ts';
import { counterfactual, counterfactualSql, priceOf } from './counterfactual.ts';
import { dailySql, fillDays } from './daily.ts';
import { type ErrorClassRow, errorsSql, shapeErrors } from './errors.ts';
import { type LatencyRow, latencySql, shapeLatency } from './latency.ts';
import { parseChoice, parseLimit, parseRequired } from './params.ts';
import { type ProviderStatsRow, providerHealth, providerStatsSql, WINDOW_MS } from './providers.ts';
import { parseAnalyticsRange } from './range.ts';
import type { AnalyticsRoute } from './routes.ts';
import { createRunner } from './run.ts';
import type { Scope } from './scope.ts';
import { shapeSummary, summarySql } from './summary.ts';
import type { TotalsRow } from './totals.ts';
import { shapeUsers, USER_DIMENSION, usersSql } from './users.ts';

export interface AnalyticsDeps {
  auth: Auth;
  store: Store;
  clickhouse: ClickHouseClient;
  now: () => Date;
  prices: Readonly<Record<string, Price>>;
  /** Current circuit records (the alerts service's KV bucket, watched); absent: circuits read 'unknown'. */
  circuits?: () => readonly CircuitRecord[] | Promise<readonly CircuitRecord[]>;
}

export function createAnalyticsActions(d: AnalyticsDeps): Record<AnalyticsRoute, Action> {
  const run = createRunner(d.clickhouse);
  /** Authorises, parses the range, and answers `{project_id, from, to, ...body}`. */
  const project =
    (body: (s: Scope, query: URLSearchParams) => Promise<object>): Action =>
    async ({ req, params, query }: ActionContext) => {
      const projectId = await authorizeProject(d.auth, d.store, req, params.id);
      const scope = { projectId, ...parseAnalyticsRange(query, d.now()) };
      return { status: 200, body: { project_id: projectId, from: scope.from, to: scope.to, ...(await body(scope, query)) } };
    };

  return {
    analyticsSummary: project(async (s) => {
      const [totals, cache] = await Promise.all([run<TotalsRow>(summarySql(s)), run<CacheRow>(cacheSql(s))]);
      return shapeSummary(totals[0], totalSavedUsd(cache));
    }),
    analyticsDaily: project(async (s) => ({ data: fillDays(s, await run<TotalsRow & { date: string }>(dailySql(s))) })),
    analyticsBreakdown: project(async (s, q) => {
      const by = parseChoice(q, 'by', DIMENSION_NAMES);
      return { by, data: shapeBreakdown(await run<TotalsRow & { value: string }>(breakdownSql(s, by, parseLimit(q)))) };
    }),
    analyticsLatency: project(async (s) => {
      const sql = latencySql(s);
      const [overall, models] = await Promise.all([run<LatencyRow>(sql.overall), run<LatencyRow & { model: string }>(sql.models)]);
      return { ...shapeLatency(overall[0]), models: models.map((m) => ({ model: m.model, ...shapeLatency(m) })) };
    }),
    analyticsErrors: project(async (s) => shapeErrors(await run<ErrorClassRow>(errorsSql(s)))),
    analyticsCache: project(async (s) => shapeCache(await run(cacheSql(s)))),
    analyticsUsers: project(async (s, q) => ({ user_dimension: USER_DIMENSION, data: shapeUsers(await run<TotalsRow & { user: string }>(usersSql(s, parseLimit(q)))) })),
    analyticsCounterfactual: project(async (s, q) => {
      const model = parseRequired(q, 'model');
      const price = priceOf(d.prices, model);
      return counterfactual(model, price, await run<TotalsRow & { model: string }>(counterfactualSql(s)));
    }),
    async providersHealth({ req }) {
      await d.auth.requireAdmin(req);
      const nowMs = d.now().getTime();
      const [rows, circuits] = await Promise.all([run<ProviderStatsRow>(providerStatsSql(nowMs)), d.circuits?.()]);
      return {
        status: 200,
        body: { from: new Date(nowMs - WINDOW_MS).toISOString(), to: new Date(nowMs).toISOString(), data: providerHealth(rows, circuits, nowMs) },
      };
    },
  };
}
