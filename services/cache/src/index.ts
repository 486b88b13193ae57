export { createCache, type Cache, type CacheDeps } from './cache.ts';
export { cacheKey, canonicalJson } from './domain/key.ts';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.ts';
export { createRedisStore, type RedisStoreOptions } from './redis-store.ts';
export type { CachedResponse, CacheStore } from './store.ts';
