export type * from './types.ts';
export { LimitsUnavailableError } from './types.ts';
export { createMemoryRateLimiter } from './memory-rate.ts';
export { createMemoryBudgets } from './memory-budget.ts';
export { createRedisLimits, type RedisLimits, type RedisLimitsOptions } from './redis-limits.ts';
export { isValidTimeZone, periodKeys, type PeriodKeys } from './period.ts';
export { budgetScopes, estimateTokens, maxCostNanousd, rateRules, usdToNanousd, type LimitSet, type Owner } from './plan.ts';
export { formatDuration, rateLimitHeaders } from './headers.ts';
export { openLimits } from './open.ts';
