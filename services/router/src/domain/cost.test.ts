import { describe, expect, it } from 'vitest';
import { costNanousd, estimateTokens } from './cost.ts';

const prices = { 'gpt-4o-mini': { input: 0.15, output: 0.6 }, 'gpt-4o-mini-2024-07-18': { input: 0.2, output: 0.8 } };

describe('costNanousd', () => {
  it('prices tokens in nano-USD from USD per million tokens', () => {
    // 1000 in × 0.15 $/M = 150,000 n$; 500 out × 0.6 $/M = 300,000 n$
    expect(costNanousd(prices, '', 'gpt-4o-mini', 1000, 500)).toBe(450_000n);
  });

  it('uses the served model first, then the requested one, else 0', () => {
    expect(costNanousd(prices, 'gpt-4o-mini-2024-07-18', 'gpt-4o-mini', 1000, 0)).toBe(200_000n);
    expect(costNanousd(prices, 'gpt-4o-mini-2099-01-01', 'gpt-4o-mini', 1000, 0)).toBe(150_000n);
    expect(costNanousd(prices, 'x', 'y', 1000, 1000)).toBe(0n);
    expect(costNanousd(prices, '', 'constructor', 1000, 1000)).toBe(0n);
  });

  it('rounds to whole nano-USD', () => {
    expect(costNanousd({ m: { input: 0.0001, output: 0 } }, '', 'm', 3, 0)).toBe(0n);
    expect(costNanousd({ m: { input: 0.0015, output: 0 } }, '', 'm', 1, 0)).toBe(2n);
  });
});

describe('estimateTokens', () => {
  it('counts about four characters per token, never zero for some text', () => {
    expect(estimateTokens(0)).toBe(0);
    expect(estimateTokens(1)).toBe(1);
    expect(estimateTokens(400)).toBe(100);
  });
});
