// Queries tests use to read the rollups of 0003_rollups.sql (summed: parts may not be merged yet), and the
// project summary expected from fixture requests and SDK events.
import type { ClickHouseClient } from '@clickhouse/client';
import type { FixtureEvent } from './events.ts';
import type { FixtureSdkEvent } from './sdk-events.ts';

export interface UsageTotals {
  requests: number;
  errors: number;
  tokens_in: number;
  tokens_out: number;
  cost_nanousd: bigint;
  cache_hits: number;
}

async function rows(client: ClickHouseClient, query: string): Promise<Array<Record<string, string>>> {
  const rs = await client.query({ query, format: 'JSONEachRow' });
  return rs.json<Record<string, string>>();
}

/** daily_usage of one source summed per project and model. */
export async function usage(client: ClickHouseClient, source: 'gateway' | 'sdk'): Promise<Map<string, UsageTotals>> {
  const found = await rows(
    client,
    `SELECT project_id, model, sum(requests) AS requests, sum(errors) AS errors, sum(tokens_in) AS tokens_in,
            sum(tokens_out) AS tokens_out, toString(sum(cost_nanousd)) AS cost, sum(cache_hits) AS cache_hits
     FROM daily_usage WHERE source = '${source}' GROUP BY project_id, model`,
  );
  return new Map(
    found.map((r) => [
      `${r.project_id}|${r.model}`,
      {
        requests: Number(r.requests),
        errors: Number(r.errors),
        tokens_in: Number(r.tokens_in),
        tokens_out: Number(r.tokens_out),
        cost_nanousd: BigInt(r.cost),
        cache_hits: Number(r.cache_hits),
      },
    ]),
  );
}

export interface SummaryTotals {
  requests: number;
  cost_nanousd: bigint;
  sdk_events: number;
  sdk_errors: number;
  sdk_cost_nanousd: bigint;
}

export async function summary(client: ClickHouseClient): Promise<Map<string, SummaryTotals>> {
  const found = await rows(
    client,
    `SELECT project_id, sum(requests) AS requests, toString(sum(cost_nanousd)) AS cost, sum(sdk_events) AS sdk_events,
            sum(sdk_errors) AS sdk_errors, toString(sum(sdk_cost_nanousd)) AS sdk_cost
     FROM project_summary GROUP BY project_id`,
  );
  return new Map(
    found.map((r) => [
      r.project_id,
      { requests: Number(r.requests), cost_nanousd: BigInt(r.cost), sdk_events: Number(r.sdk_events), sdk_errors: Number(r.sdk_errors), sdk_cost_nanousd: BigInt(r.sdk_cost) },
    ]),
  );
}

export function expectedSummary(requests: readonly FixtureEvent[], sdk: readonly FixtureSdkEvent[]): Map<string, SummaryTotals> {
  const out = new Map<string, SummaryTotals>();
  const get = (p: string) => out.get(p) ?? out.set(p, { requests: 0, cost_nanousd: 0n, sdk_events: 0, sdk_errors: 0, sdk_cost_nanousd: 0n }).get(p)!;
  for (const e of requests) {
    const m = get(e.projectId);
    m.requests++;
    m.cost_nanousd += e.costNanousd;
  }
  for (const e of sdk) {
    const m = get(e.projectId);
    m.sdk_events++;
    m.sdk_errors += e.error ? 1 : 0;
    m.sdk_cost_nanousd += e.costNanousd;
  }
  return out;
}

/** Rows and distinct (project, event) pairs of a raw table. */
export async function tableCount(client: ClickHouseClient, table: string): Promise<{ rows: number; distinct: number }> {
  const [r] = await rows(client, `SELECT count() AS rows, uniqExact(project_id, event_id) AS distinct FROM ${table}`);
  return { rows: Number(r.rows), distinct: Number(r.distinct) };
}

/** p50 of latency over all of daily_usage of a source (quantile states merged). */
export async function latencyP50(client: ClickHouseClient, source: 'gateway' | 'sdk'): Promise<number> {
  const [r] = await rows(client, `SELECT quantilesMerge(0.5, 0.9, 0.95, 0.99)(latency_ms_quantiles)[1] AS p50 FROM daily_usage WHERE source = '${source}'`);
  return Number(r.p50);
}
