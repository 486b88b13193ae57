import { GatewayError } from '@tollgate/errors';
import { createMemoryBudgets, createMemoryRateLimiter, LimitsUnavailableError, type BudgetStore, type RateLimiter } from '@tollgate/limits';
import { Registry } from '@tollgate/telemetry';
import { describe, expect, it } from 'vitest';
import { createAdmission, type AdmissionDeps } from './admission.ts';

const who = { projectId: 'p1', keyId: 'k1' };
const mini = { input: 0.15, output: 0.6 }; // USD per million tokens
const T0 = Date.parse('2026-11-23T12:00:00Z');

function setup(over: Partial<AdmissionDeps> = {}) {
  let t = T0;
  const budgets = createMemoryBudgets();
  const metrics = new Registry();
  let n = 0;
  const admission = createAdmission({ limits: createMemoryRateLimiter(), budgets, policy: 'closed', now: () => t, metrics, newId: () => `r${n++}`, ...over });
  return { admission, budgets, metrics, at: (iso: string) => void (t = Date.parse(iso)) };
}

async function rejection(p: Promise<unknown>): Promise<GatewayError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(err)}`);
  return err;
}

describe('admission: rate limits', () => {
  it('admits within the key rpm and returns x-ratelimit headers', async () => {
    const { admission } = setup();
    const t = await admission.admit(who, { model: 'm', promptChars: 40, maxTokens: 90 }, { rpm: 2, tpm: 1_000 });
    expect(t.headers).toEqual({
      'x-ratelimit-limit-requests': '2',
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-reset-requests': '30s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '900',
      'x-ratelimit-reset-tokens': '6s',
    });
    expect(t.tokenEstimate).toBe(100);
  });

  it('answers 429 rate_limit_exceeded with retry-after and the headers once the rpm is used up', async () => {
    const { admission } = setup();
    for (let i = 0; i < 2; i++) await admission.admit(who, { model: 'm', promptChars: 4 }, { rpm: 2 });
    const e = await rejection(admission.admit(who, { model: 'm', promptChars: 4 }, { rpm: 2 }));
    expect([e.status, e.toJSON().error.code]).toEqual([429, 'rate_limit_exceeded']);
    expect(e.headers).toMatchObject({ 'retry-after': '30', 'retry-after-ms': '30000', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-limit-requests': '2' });
    expect(e.message).toContain('requests per minute on this key');
  });

  it('applies project limits on top of key limits (the stricter wins)', async () => {
    const { admission } = setup();
    const other = { projectId: 'p1', keyId: 'k2' };
    await admission.admit(who, { model: 'm', promptChars: 4 }, { rpm: 100 }, { rpm: 2 });
    await admission.admit(other, { model: 'm', promptChars: 4 }, { rpm: 100 }, { rpm: 2 });
    const e = await rejection(admission.admit(who, { model: 'm', promptChars: 4 }, { rpm: 100 }, { rpm: 2 }));
    expect(e.message).toContain('on this project');
  });

  it('corrects the token estimate to the real count when settled', async () => {
    const { admission } = setup();
    const limits = { tpm: 1_000 };
    const first = await admission.admit(who, { model: 'm', promptChars: 400, maxTokens: 800 }, limits); // estimate 900
    await rejection(admission.admit(who, { model: 'm', promptChars: 400, maxTokens: 800 }, limits));
    await admission.settle(first, { tokensIn: 100, tokensOut: 20, costNanousd: 0n }); // real: 120
    const second = await admission.admit(who, { model: 'm', promptChars: 400, maxTokens: 700 }, limits); // 800 fits now
    expect(second.headers['x-ratelimit-remaining-tokens']).toBe('80');
  });
});

describe('admission: budgets', () => {
  const keyDay = 'bg:{p1}:key:k1:day:2026-11-23';

  it('reserves the maximum cost, then settles the actual cost (streams included)', async () => {
    const { admission, budgets } = setup();
    const t = await admission.admit(who, { model: 'gpt-4o-mini', promptChars: 4_000, maxTokens: 1_000, price: mini }, { dailyBudgetUsd: 1 });
    expect(t.costEstimateNanousd).toBe(150_000n + 600_000n);
    expect(await budgets.usage(keyDay)).toEqual({ spentNanousd: 0n, reservedNanousd: 750_000n });
    await admission.settle(t, { tokensIn: 1_000, tokensOut: 250, costNanousd: 300_000n });
    await admission.settle(t, { tokensIn: 1_000, tokensOut: 250, costNanousd: 300_000n }); // a second call is ignored
    expect(await budgets.usage(keyDay)).toEqual({ spentNanousd: 300_000n, reservedNanousd: 0n });
  });

  it('answers 402 budget_exceeded when the reservation does not fit, and gives back the rate-limit unit', async () => {
    const { admission } = setup();
    const limits = { rpm: 2, dailyBudgetUsd: 0.001 }; // 1,000,000 nano-USD
    const req = { model: 'gpt-4o-mini', promptChars: 4_000, maxTokens: 1_000, price: mini }; // max 750,000
    await admission.admit(who, req, limits);
    const e = await rejection(admission.admit(who, req, limits));
    expect([e.status, e.toJSON().error.code, e.toJSON().error.type]).toEqual([402, 'budget_exceeded', 'insufficient_quota']);
    expect(e.message).toContain('key daily budget of $0.0010');
    // The refused request did not use up the second rpm unit.
    const cheap = await admission.admit(who, { model: 'gpt-4o-mini', promptChars: 4, maxTokens: 10, price: mini }, limits);
    expect(cheap.headers['x-ratelimit-remaining-requests']).toBe('0');
  });

  it('starts a new daily budget at midnight in the configured zone; the monthly one keeps counting', async () => {
    const { admission, at } = setup({ timeZone: 'Europe/Berlin' });
    const limits = { dailyBudgetUsd: 0.001, monthlyBudgetUsd: 0.0015 };
    const req = { model: 'gpt-4o-mini', promptChars: 4_000, maxTokens: 1_000, price: mini };
    at('2026-11-23T22:59:00Z'); // 23:59 in Berlin
    await admission.settle(await admission.admit(who, req, limits), { tokensIn: 0, tokensOut: 0, costNanousd: 900_000n });
    expect((await rejection(admission.admit(who, req, limits))).message).toContain('key daily');
    at('2026-11-23T23:00:00Z'); // midnight in Berlin: a new day, same month
    const t = await admission.admit(who, { ...req, maxTokens: 100 }, limits);
    expect(t.reservation.scopes.map((s) => s.key)).toEqual(['bg:{p1}:key:k1:day:2026-11-24', 'bg:{p1}:key:k1:month:2026-11']);
    expect((await rejection(admission.admit(who, req, limits))).message).toContain('key monthly');
  });

  it('makes no store call when no limit applies', async () => {
    const limits: RateLimiter = { check: () => Promise.reject(new Error('called')), adjust: () => Promise.reject(new Error('called')) };
    const { admission } = setup({ limits, budgets: failingBudgets() });
    const t = await admission.admit(who, { model: 'm', promptChars: 4 });
    await admission.settle(t, { tokensIn: 1, tokensOut: 1, costNanousd: 5n });
    expect(t.unchecked).toBe(false);
  });
});

describe('admission when the limits store is unavailable', () => {
  const down: RateLimiter = {
    check: () => Promise.reject(new LimitsUnavailableError('rate.check', new Error('ECONNREFUSED'))),
    adjust: () => Promise.reject(new LimitsUnavailableError('rate.adjust', new Error('ECONNREFUSED'))),
  };

  it('fails open: admits unchecked, counts it, and settle does not throw', async () => {
    const { admission, metrics } = setup({ policy: 'open', limits: down, budgets: failingBudgets() });
    const t = await admission.admit(who, { model: 'm', promptChars: 4, price: mini }, { rpm: 1, dailyBudgetUsd: 1 });
    expect([t.unchecked, t.headers]).toEqual([true, {}]);
    await admission.settle(t, { tokensIn: 1, tokensOut: 1, costNanousd: 5n });
    const text = metrics.render();
    expect(text).toContain('tollgate_limits_unavailable_total{op="rate.check",policy="open"} 1');
    expect(text).toContain('tollgate_limits_unavailable_total{op="budget.settle",policy="open"} 1');
    expect(text).toContain('tollgate_admission_total{result="unchecked"} 1');
  });

  it('fails closed: answers 503', async () => {
    const { admission } = setup({ policy: 'closed', limits: down });
    const e = await rejection(admission.admit(who, { model: 'm', promptChars: 4 }, { rpm: 1 }));
    expect([e.status, e.toJSON().error.code]).toEqual([503, 'service_unavailable']);
  });
});

function failingBudgets(): BudgetStore {
  const fail = () => Promise.reject(new LimitsUnavailableError('budget', new Error('ECONNREFUSED')));
  return { reserve: fail, settle: fail, usage: fail };
}
