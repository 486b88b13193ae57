import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { TestUrls } from './urls.ts';

export type ServiceName = 'postgres' | 'redis' | 'nats';

const TIMEOUT_MS = 3_000;

/** Protocol-level hellos: each resolves when the service answers, rejects with the reason otherwise. */
export const checks: Record<ServiceName, (url: string) => Promise<void>> = {
  async postgres(url) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: TIMEOUT_MS });
    await client.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      await client.end();
    }
  },
  async redis(url) {
    const redis = new Redis(url, { lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null });
    let cause: unknown; // connect() only says "Connection is closed"; the error event says why
    redis.on('error', (err) => (cause ??= err));
    try {
      await redis.connect().catch((err) => Promise.reject(cause ?? err));
      if ((await redis.ping()) !== 'PONG') throw new Error('PING did not answer PONG');
    } finally {
      redis.disconnect();
    }
  },
  async nats(url) {
    const nc = await connect({ servers: url, timeout: TIMEOUT_MS, maxReconnectAttempts: 0 });
    try {
      await (await jetstreamManager(nc)).getAccountInfo(); // fails when JetStream is off
    } finally {
      await nc.close();
    }
  },
};

export const urlKey: Record<ServiceName, keyof TestUrls> = { postgres: 'databaseUrl', redis: 'redisUrl', nats: 'natsUrl' };
export const envKey: Record<ServiceName, string> = { postgres: 'TEST_DATABASE_URL', redis: 'TEST_REDIS_URL', nats: 'TEST_NATS_URL' };

const howToStart: Record<ServiceName, string> = {
  postgres: 'start PostgreSQL with trust auth and a database "test" (docker run -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:16)',
  redis: 'start Redis (docker run -p 6379:6379 redis:7)',
  nats: 'start NATS with JetStream (docker run -p 4222:4222 nats:2.10 -js)',
};

/** The message a developer needs: which service, where it was looked for, why it failed, how to fix it. */
export function unreachableMessage(service: ServiceName, url: string, reason: unknown, extra: string): string {
  const why = reason instanceof Error ? reason.message : String(reason);
  return `${service} is not reachable at ${url} (${why}). ${extra} To fix: ${howToStart[service]}, or set ${envKey[service]} to a running one.`;
}
