import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { create } from '@bufbuild/protobuf';
import { CompleteRequestSchema, RouterService } from '@tollgate/proto/router';
import { grpcClient } from '@tollgate/rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { freePort, type MockUpstream, startMockUpstream } from './mock-upstream.ts';

// The distributed entry point as a process: config from env, gRPC + health ports, graceful SIGTERM.

let paced: MockUpstream;
beforeAll(async () => {
  paced = await startMockUpstream({ MOCK_CHUNK_DELAY_MS: '20' });
});
afterAll(() => paced?.stop());

describe('router main', () => {
  it('serves gRPC and /health, and lets an in-flight stream finish on SIGTERM before exiting', async () => {
    const [grpcPort, healthPort] = [await freePort(), await freePort()];
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: paced.url,
      ROUTER_ADDR: `127.0.0.1:${grpcPort}`,
      HEALTH_ADDR: `127.0.0.1:${healthPort}`,
      LOG_LEVEL: 'warn',
      TOLLGATE_SHUTDOWN_GRACE_MS: '5000',
    };
    const child = spawn(process.execPath, [fileURLToPath(new URL('./main.ts', import.meta.url))], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const client = grpcClient(RouterService, `127.0.0.1:${grpcPort}`);
    try {
      let health: Response | undefined;
      for (let i = 0; i < 100 && !health?.ok; i++) {
        health = await fetch(`http://127.0.0.1:${healthPort}/health`).catch(() => undefined);
        if (!health?.ok) await new Promise((r) => setTimeout(r, 50));
      }
      expect(await health?.json()).toMatchObject({ status: 'healthy', checks: { router: 'up', 'provider:openai': 'up' } });

      const body = new TextEncoder().encode(JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] }));
      const req = create(CompleteRequestSchema, { endpoint: '/chat/completions', model: 'gpt-4o-mini', stream: true, body });
      // ~20 events × 20 ms: SIGTERM arrives while the stream is in flight.
      const answer = collect(client.complete(req), (n) => n === 2 && child.kill('SIGTERM'));
      const a = await answer;
      expect(a.body.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(a.trailer.tokensOut).toBe(20);
      expect(await exited).toBe(0);
      const metricsGone = await fetch(`http://127.0.0.1:${healthPort}/metrics`).then(() => false, () => true);
      expect(metricsGone).toBe(true);
    } finally {
      client.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
