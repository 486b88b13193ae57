import { testUrls, uniqueName } from '@tollgate/testing';
import { describe, expect, it } from 'vitest';
import { budgetContract } from './budget-contract.ts';
import { rateContract } from './rate-contract.ts';
import { createRedisLimits } from './redis-limits.ts';
import { LimitsUnavailableError } from './types.ts';

// Real Redis on 127.0.0.1:6379 (TEST_REDIS_URL), isolated by a random key prefix per test.
const make = () => createRedisLimits({ url: testUrls().redisUrl, prefix: `${uniqueName('tgtest:lim:')}:` });

rateContract('redis', async () => {
  const r = await make();
  return { limiter: r.limiter, close: r.close };
});
budgetContract('redis', async () => {
  const r = await make();
  return { budgets: r.budgets, close: r.close };
});

describe('redis limits outage', () => {
  it('fails fast with LimitsUnavailableError when Redis is unreachable (no queue, no hang)', async () => {
    // Nothing listens on port 1: connections are refused at once.
    const r = await createRedisLimits({ url: 'redis://127.0.0.1:1', connectWaitMs: 200 });
    try {
      expect(r.healthy()).toBe(false);
      const rule = { key: 'k', limit: 1, windowMs: 1_000, cost: 1, unit: 'requests' as const };
      await expect(r.limiter.check([rule], 0)).rejects.toBeInstanceOf(LimitsUnavailableError);
      const scope = { key: 'b', limitNanousd: 1n, retentionMs: 1_000, label: 'x' };
      await expect(r.budgets.reserve({ id: 'a', scopes: [scope], amountNanousd: 1n, ttlMs: 1 }, 0)).rejects.toBeInstanceOf(LimitsUnavailableError);
      await expect(r.budgets.settle({ id: 'a', scopes: [scope], amountNanousd: 1n, expiresAtMs: 0 }, 1n)).rejects.toBeInstanceOf(LimitsUnavailableError);
    } finally {
      await r.close();
    }
  });

  it('loads its scripts again after SCRIPT FLUSH (EVALSHA falls back to EVAL once)', async () => {
    const r = await make();
    const { Redis } = await import('ioredis');
    const admin = new Redis(testUrls().redisUrl);
    try {
      const rule = { key: 'k', limit: 2, windowMs: 1_000, cost: 1, unit: 'requests' as const };
      await r.limiter.check([rule], 0);
      await admin.script('FLUSH');
      expect((await r.limiter.check([rule], 0)).states[0].remaining).toBe(0);
    } finally {
      admin.disconnect();
      await r.close();
    }
  });
});
