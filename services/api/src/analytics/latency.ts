// GET /api/v1/projects/{id}/analytics/latency: p50/p95/p99 of total latency and of time to first token, overall
// and per model, from raw rows. quantiles() keeps every value up to 8192 rows (exact, linearly interpolated)
// and a reservoir sample beyond. Latency counts every request (cache hits and errors included); TTFT only
// requests that recorded one (ttft_ms > 0: streams).

import { type IntLike, int, ms } from './numbers.ts';
import { RAW_MODEL, RAW_WHERE, type Scope, type Sql, scopeParams } from './scope.ts';

export const LEVELS = [0.5, 0.95, 0.99] as const;
export const MAX_MODELS = 100;

const COLUMNS = `count() AS requests, quantiles(0.5, 0.95, 0.99)(latency_ms) AS latency,
  countIf(ttft_ms > 0) AS ttft_requests, quantilesIf(0.5, 0.95, 0.99)(ttft_ms, ttft_ms > 0) AS ttft`;

export function latencySql(s: Scope): { overall: Sql; models: Sql } {
  const params = scopeParams(s);
  return {
    overall: { query: `SELECT ${COLUMNS} FROM requests WHERE ${RAW_WHERE}`, params },
    models: {
      query: `SELECT ${RAW_MODEL} AS model, ${COLUMNS} FROM requests WHERE ${RAW_WHERE}
        GROUP BY model ORDER BY requests DESC, model ASC LIMIT {limit:UInt32}`,
      params: { ...params, limit: MAX_MODELS },
    },
  };
}

export interface LatencyRow {
  requests: IntLike;
  latency: (number | null)[];
  ttft_requests: IntLike;
  ttft: (number | null)[];
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface LatencyStats {
  requests: number;
  latency_ms: Percentiles;
  ttft_requests: number;
  ttft_ms: Percentiles;
}

export function shapeLatency(r: LatencyRow | undefined): LatencyStats {
  const requests = int(r?.requests);
  const ttftRequests = int(r?.ttft_requests);
  return {
    requests,
    latency_ms: percentiles(requests ? r?.latency : undefined),
    ttft_requests: ttftRequests,
    ttft_ms: percentiles(ttftRequests ? r?.ttft : undefined),
  };
}

function percentiles(q: (number | null)[] | undefined): Percentiles {
  return { p50: ms(q?.[0]), p95: ms(q?.[1]), p99: ms(q?.[2]) };
}
