// GET /api/v1/projects/{id}/analytics/counterfactual?model=X: what the range's traffic would have cost on model
// X. Each current model's tokens in and out (from the daily rollup) are priced at X's list price, with the same
// formula the router charges (USD per million tokens, so one token at price p is p * 1000 nano-USD). Cache hits
// carry no tokens, so they stay free; errors are priced for whatever tokens they recorded.

import type { Price } from '@tollgate/config';
import { GatewayError } from '@tollgate/errors';
import { int, usd } from './numbers.ts';
import { ROLLUP_TOTALS, ROLLUP_WHERE, type Scope, type Sql, scopeParams } from './scope.ts';
import type { TotalsRow } from './totals.ts';

export function counterfactualSql(s: Scope): Sql {
  return { query: `SELECT model, ${ROLLUP_TOTALS} FROM daily_metrics WHERE ${ROLLUP_WHERE} GROUP BY model ORDER BY model`, params: scopeParams(s) };
}

/** X's price, or 400 when the price table does not know X. */
export function priceOf(prices: Readonly<Record<string, Price>>, model: string): Price {
  if (!Object.hasOwn(prices, model)) throw new GatewayError('invalid_request', `no price is configured for model ${model}`, { param: 'model' });
  return prices[model];
}

export function priceTokens(price: Price, tokensIn: number, tokensOut: number): bigint {
  return BigInt(Math.round(tokensIn * price.input * 1000 + tokensOut * price.output * 1000));
}

interface Line {
  requests: number;
  tokens_in: number;
  tokens_out: number;
  actual_cost_usd: number;
  counterfactual_cost_usd: number;
}

export function counterfactual(target: string, price: Price, rows: (TotalsRow & { model: string })[]) {
  let actual = 0n;
  let would = 0n;
  const models: (Line & { model: string })[] = [];
  for (const r of rows) {
    const [tin, tout, cost] = [int(r.tokens_in), int(r.tokens_out), BigInt(r.cost)];
    const x = priceTokens(price, tin, tout);
    actual += cost;
    would += x;
    models.push({ model: r.model, requests: int(r.requests), tokens_in: tin, tokens_out: tout, actual_cost_usd: usd(cost), counterfactual_cost_usd: usd(x) });
  }
  const sum = (f: (m: Line) => number) => models.reduce((n, m) => n + f(m), 0);
  return {
    model: target,
    price_usd_per_million: { input: price.input, output: price.output },
    requests: sum((m) => m.requests),
    tokens_in: sum((m) => m.tokens_in),
    tokens_out: sum((m) => m.tokens_out),
    actual_cost_usd: usd(actual),
    counterfactual_cost_usd: usd(would),
    /** Positive: X would have cost more. */
    difference_usd: usd(would - actual),
    models,
  };
}
