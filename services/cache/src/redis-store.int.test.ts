import { describe, expect, it } from 'vitest';
import { Counter, createLogger } from '@tollgate/telemetry';
import { testUrls, uniqueName } from '@tollgate/testing';
import { createRedisStore } from './redis-store.ts';
import { storeContract } from './store-contract.ts';

const logger = createLogger({ level: 'error' });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

storeContract('redis', async () => ({
  store: await createRedisStore({ url: testUrls().redisUrl, prefix: `${uniqueName('tgtest:cache:')}:`, logger }),
  advance: sleep,
}));

describe('redis store outage', () => {
  it('answers a miss quickly and counts the error when Redis is unreachable', async () => {
    const errors = new Counter('tg_cache_store_errors_total', 'errors');
    // Nothing listens on port 1: connections are refused at once.
    const store = await createRedisStore({ url: 'redis://127.0.0.1:1', logger, errors, connectWaitMs: 200 });
    try {
      const t0 = performance.now();
      expect(await store.get('p:k')).toBeUndefined();
      expect(performance.now() - t0).toBeLessThan(50);
      expect(await store.healthy()).toBe(false);
      await expect(store.set('p:k', { response: new Uint8Array(1), contentType: 'a', provider: 'b', model: 'c' }, 10)).rejects.toThrow();
      expect(errors.render()).toMatch(/op="get"\} 1/);
    } finally {
      await store.close();
    }
  });
});
