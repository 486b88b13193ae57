import { createMemoryBudgets } from './memory-budget.ts';
import { createMemoryRateLimiter } from './memory-rate.ts';
import { createRedisLimits, type RedisLimits } from './redis-limits.ts';

/**
 * Rate limits and budget reservations shared by every replica through Redis, or, without a Redis URL, the
 * in-memory twins (correct for one process; several replicas would each count on their own).
 */
export async function openLimits(redisUrl: string | undefined, onConnectionError?: (err: unknown) => void): Promise<RedisLimits> {
  if (redisUrl) return createRedisLimits({ url: redisUrl, onConnectionError });
  return { limiter: createMemoryRateLimiter(), budgets: createMemoryBudgets(), healthy: () => true, close: async () => {} };
}
