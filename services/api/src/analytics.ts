// Analytics reads from ClickHouse's daily_metrics (created and written by services/ingest). The table is a
// SummingMergeTree: rows for one key are merged eventually, not at once, so every read aggregates with sum().
// Values are bound as {name:Type} parameters only; nothing user-supplied is ever spliced into SQL.

import type { ClickHouseClient } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import { type ModelRow, type ProjectMetrics, summarizeMetrics, type TotalsRow } from './domain/metrics.ts';

const TOP_MODELS = 10;

const WHERE = 'project_id = {project_id:String} AND day >= {from:Date} AND day <= {to:Date}';

const TOTALS = `SELECT sum(requests) AS requests, sum(errors) AS errors, sum(tokens_in) + sum(tokens_out) AS tokens,
  sum(cost_nanousd) AS cost_nanousd FROM daily_metrics WHERE ${WHERE}`;

const MODELS = `SELECT model, sum(requests) AS requests, sum(tokens_in) + sum(tokens_out) AS tokens,
  sum(cost_nanousd) AS cost_nanousd FROM daily_metrics WHERE ${WHERE}
  GROUP BY model ORDER BY requests DESC, model ASC LIMIT {limit:UInt32}`;

export async function projectMetrics(
  ch: ClickHouseClient,
  projectId: string,
  range: { from: string; to: string },
): Promise<ProjectMetrics> {
  const params = { project_id: projectId, from: range.from, to: range.to };
  try {
    const [totals, models] = await Promise.all([
      ch.query({ query: TOTALS, query_params: params, format: 'JSONEachRow' }).then((r) => r.json<TotalsRow>()),
      ch.query({ query: MODELS, query_params: { ...params, limit: TOP_MODELS }, format: 'JSONEachRow' }).then((r) => r.json<ModelRow>()),
    ]);
    return summarizeMetrics(projectId, totals[0], models);
  } catch (err) {
    throw new GatewayError('unavailable', 'analytics are unavailable', { cause: err });
  }
}
