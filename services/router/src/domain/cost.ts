import type { Price } from '@tollgate/config';

/**
 * Cost in billionths of a USD. Prices are USD per million tokens, so one token at price p costs p * 1000
 * nano-USD. The price is looked up by the model that served the answer (e.g. "gpt-4o-2024-08-06"), then the
 * model that was asked for ("gpt-4o"); an unknown model costs 0.
 */
export function costNanousd(prices: Readonly<Record<string, Price>>, served: string, requested: string, tokensIn: number, tokensOut: number): bigint {
  const price = (served && Object.hasOwn(prices, served) ? prices[served] : undefined) ?? (Object.hasOwn(prices, requested) ? prices[requested] : undefined);
  if (!price) return 0n;
  return BigInt(Math.round(tokensIn * price.input * 1000 + tokensOut * price.output * 1000));
}

/** Token estimate for text whose usage the provider did not report: about four characters per token. */
export function estimateTokens(chars: number): number {
  return chars > 0 ? Math.ceil(chars / 4) : 0;
}
