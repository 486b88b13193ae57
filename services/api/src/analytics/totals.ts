// The totals every rollup-shaped answer carries (summary, daily, breakdown), read from either source.

import { type IntLike, int, ratio, usd } from './numbers.ts';

export interface TotalsRow {
  requests: IntLike;
  errors: IntLike;
  tokens_in: IntLike;
  tokens_out: IntLike;
  /** Nano-USD as a decimal string. */
  cost: string;
  cache_hits: IntLike;
}

export interface Totals {
  requests: number;
  errors: number;
  /** errors / requests (0 without requests). An error is a request answered with status >= 400. */
  error_rate: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  cache_hits: number;
}

export function shapeTotals(r: TotalsRow | undefined): Totals {
  const requests = int(r?.requests);
  const errors = int(r?.errors);
  return {
    requests,
    errors,
    error_rate: ratio(errors, requests),
    tokens_in: int(r?.tokens_in),
    tokens_out: int(r?.tokens_out),
    cost_usd: usd(r?.cost),
    cache_hits: int(r?.cache_hits),
  };
}
