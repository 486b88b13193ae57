// Shapes ClickHouse's daily_metrics sums into the metrics response. ClickHouse returns 64-bit integers as JSON
// strings (or numbers, depending on settings), so every count arrives as string | number and is read exactly.

export type Int64Like = string | number | bigint;

export interface TotalsRow {
  requests: Int64Like;
  errors: Int64Like;
  tokens: Int64Like;
  cost_nanousd: Int64Like;
}

export interface ModelRow {
  model: string;
  requests: Int64Like;
  tokens: Int64Like;
  cost_nanousd: Int64Like;
}

export interface ProjectMetrics {
  project_id: string;
  total_requests: number;
  /** errors / requests, 0 when there were no requests. */
  error_rate: number;
  total_tokens: number;
  total_cost_usd: number;
  top_models: { model: string; requests: number; tokens: number; cost_usd: number }[];
}

export function summarizeMetrics(projectId: string, totals: TotalsRow | undefined, models: ModelRow[]): ProjectMetrics {
  const requests = count(totals?.requests ?? 0);
  const errors = count(totals?.errors ?? 0);
  return {
    project_id: projectId,
    total_requests: requests,
    error_rate: requests === 0 ? 0 : errors / requests,
    total_tokens: count(totals?.tokens ?? 0),
    total_cost_usd: nanoToUsd(totals?.cost_nanousd ?? 0),
    top_models: models.map((m) => ({
      model: m.model,
      requests: count(m.requests),
      tokens: count(m.tokens),
      cost_usd: nanoToUsd(m.cost_nanousd),
    })),
  };
}

function count(v: Int64Like): number {
  return Number(BigInt(v));
}

const NANO = 1_000_000_000n;

/** Billionths of a USD to USD, split in integer arithmetic so large sums keep every digit a double can hold. */
export function nanoToUsd(v: Int64Like): number {
  const n = BigInt(v);
  const abs = n < 0n ? -n : n;
  const usd = Number(`${abs / NANO}.${(abs % NANO).toString().padStart(9, '0')}`);
  return n < 0n ? -usd : usd;
}
