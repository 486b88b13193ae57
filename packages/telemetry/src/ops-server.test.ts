import { describe, expect, it } from 'vitest';
import { serveOps } from './ops-server.ts';

describe('ops server', () => {
  it('answers /health (503 when a component is down) and /metrics', async () => {
    let store: 'up' | 'down' = 'up';
    const h = await serveOps('127.0.0.1:0', { health: async () => ({ store, fill: 'up' }), metrics: () => 'x 1\n' });
    try {
      const base = `http://127.0.0.1:${h.port}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      store = 'down';
      const down = await fetch(`${base}/health`);
      expect([down.status, await down.json()]).toEqual([503, { status: 'degraded', checks: { store: 'down', fill: 'up' } }]);
      expect(await (await fetch(`${base}/metrics`)).text()).toBe('x 1\n');
      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      await h.close();
    }
  });
});
