import { inject } from 'vitest';

export interface TestUrls {
  databaseUrl: string;
  redisUrl: string;
  natsUrl: string;
}

export const DEFAULT_TEST_URLS: TestUrls = {
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
  redisUrl: 'redis://127.0.0.1:6379',
  natsUrl: 'nats://127.0.0.1:4222',
};

/**
 * Service URLs for integration tests. Inside a vitest worker, the URLs the global set-up checked (it may have
 * started containers); otherwise TEST_DATABASE_URL, TEST_REDIS_URL, TEST_NATS_URL, else the local defaults.
 */
export function testUrls(env: NodeJS.ProcessEnv = process.env): TestUrls {
  const provided = injected();
  if (provided) return provided;
  return {
    databaseUrl: env.TEST_DATABASE_URL || DEFAULT_TEST_URLS.databaseUrl,
    redisUrl: env.TEST_REDIS_URL || DEFAULT_TEST_URLS.redisUrl,
    natsUrl: env.TEST_NATS_URL || DEFAULT_TEST_URLS.natsUrl,
  };
}

function injected(): TestUrls | undefined {
  try {
    return inject('testUrls');
  } catch {
    return undefined; // not in a vitest worker (the global set-up itself, a script)
  }
}
