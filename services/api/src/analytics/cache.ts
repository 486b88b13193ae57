// GET /api/v1/projects/{id}/analytics/cache: cache hit rate and the cost the cache saved, from raw rows.
//
// The saving is an ESTIMATE: a hit is recorded with no tokens and no cost, so what it would have cost is taken
// as the average cost of this project's successful misses (cache_status 'miss', status < 400) for the same
// model over the same days. A model with hits but no successful miss in the range has no baseline and adds 0.
// Per model: saved = hits * miss_cost / successful_misses, in nano-USD, rounded down.

import { type IntLike, int, ratio, usd } from './numbers.ts';
import { RAW_MODEL, RAW_WHERE, type Scope, type Sql, scopeParams } from './scope.ts';

const PRICED_MISS = "cache_status = 'miss' AND status < 400";

export function cacheSql(s: Scope): Sql {
  return {
    query: `SELECT ${RAW_MODEL} AS model, count() AS requests, countIf(cache_status = 'hit') AS hits,
      countIf(cache_status = 'miss') AS misses, countIf(${PRICED_MISS}) AS priced_misses,
      toString(sumIf(cost_nanousd, ${PRICED_MISS})) AS miss_cost FROM requests WHERE ${RAW_WHERE} GROUP BY model`,
    params: scopeParams(s),
  };
}

export interface CacheRow {
  model: string;
  requests: IntLike;
  hits: IntLike;
  misses: IntLike;
  priced_misses: IntLike;
  miss_cost: string;
}

export interface CacheModel {
  model: string;
  requests: number;
  hits: number;
  misses: number;
  /** hits / requests. */
  hit_rate: number;
  /** Average cost of a successful miss; null without one. */
  avg_miss_cost_usd: number | null;
  saved_cost_usd_estimate: number;
}

export interface CacheReport extends Omit<CacheModel, 'model' | 'avg_miss_cost_usd'> {
  /** hits / (hits + misses): how often a lookup found an answer (bypassed requests did not look up). */
  lookup_hit_rate: number;
  models: CacheModel[];
}

/** Nano-USD saved by one model's hits (see the file comment). */
export function savedNano(r: CacheRow): bigint {
  const priced = BigInt(r.priced_misses);
  return priced === 0n ? 0n : (BigInt(r.hits) * BigInt(r.miss_cost)) / priced;
}

export function shapeCache(rows: CacheRow[]): CacheReport {
  const models = rows
    .map((r) => {
      const requests = int(r.requests);
      const hits = int(r.hits);
      const priced = int(r.priced_misses);
      return {
        model: r.model,
        requests,
        hits,
        misses: int(r.misses),
        hit_rate: ratio(hits, requests),
        avg_miss_cost_usd: priced === 0 ? null : usd(r.miss_cost) / priced,
        saved_cost_usd_estimate: usd(savedNano(r)),
      };
    })
    .sort((a, b) => b.hits - a.hits || b.requests - a.requests || (a.model < b.model ? -1 : 1));
  const sum = (f: (m: CacheModel) => number) => models.reduce((n, m) => n + f(m), 0);
  const requests = sum((m) => m.requests);
  const hits = sum((m) => m.hits);
  const misses = sum((m) => m.misses);
  return {
    requests,
    hits,
    misses,
    hit_rate: ratio(hits, requests),
    lookup_hit_rate: ratio(hits, hits + misses),
    saved_cost_usd_estimate: totalSavedUsd(rows),
    models,
  };
}

/** The saving over all models, summed exactly in nano-USD before converting. */
export function totalSavedUsd(rows: CacheRow[]): number {
  return usd(rows.reduce((n, r) => n + savedNano(r), 0n));
}
