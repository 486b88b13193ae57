import { describe, expect, it } from 'vitest';
import { checks, type ServiceName, unreachableMessage, urlKey } from './service-checks.ts';
import { testUrls } from './urls.ts';

describe('service checks', () => {
  it.each(['postgres', 'redis', 'nats'] as ServiceName[])('%s answers at the URL the set-up provided', async (s) => {
    await expect(checks[s](testUrls()[urlKey[s]])).resolves.toBeUndefined();
  });

  it('fail with a message naming the service, the URL and how to start it', async () => {
    const url = 'redis://127.0.0.1:1';
    const err = await checks.redis(url).then(() => undefined, (e: unknown) => e);
    expect(err).toBeDefined();
    const msg = unreachableMessage('redis', url, err, 'No Docker engine is available to start one.');
    expect(msg).toContain('redis is not reachable at redis://127.0.0.1:1');
    expect(msg).toContain('TEST_REDIS_URL');
    expect(msg).toContain('docker run -p 6379:6379 redis:7');
  });
});
