import { hashApiKey } from '@tollgate/db';
import { createMemoryBus } from '@tollgate/bus';
import { ensureStreams, subjects } from '@tollgate/events';
import { createLogger } from '@tollgate/telemetry';
import { describe, expect, it } from 'vitest';
import { createConfigEvents } from './config-events.ts';
import { type ConfigChange, decodeChange, watchConfigChanges } from '@tollgate/events';

const logger = createLogger({ level: 'error', write: () => {} });

describe('config changes', () => {
  it('reach every watcher (one durable each) with the key hashes to forget', async () => {
    const bus = createMemoryBus();
    await ensureStreams(bus);
    const seen: ConfigChange[][] = [[], []];
    const done = [0, 1].map(
      (i) =>
        new Promise<void>((resolve) => {
          void watchConfigChanges(bus, (c) => {
            seen[i].push(c);
            if (seen[i].length === 2) resolve();
          }, { durable: `replica-${i}` });
        }),
    );
    const events = createConfigEvents(bus, logger, () => new Date('2030-01-01T00:00:00Z'));
    const hash = hashApiKey('tg_x');
    await events.keyChanged({ projectId: 'p', keyId: 'k', keyHash: hash, change: 'rotated', expiresAt: new Date('2030-01-01T00:05:00Z') });
    await events.projectChanged({ projectId: 'p', change: 'routes', keyHashes: [], alias: 'fast' });
    await Promise.all(done);
    for (const s of seen) {
      expect(s).toEqual([
        { type: 'key', projectId: 'p', keyId: 'k', change: 'rotated', expiresAt: new Date('2030-01-01T00:05:00Z'), keyHashes: [hash] },
        { type: 'project', projectId: 'p', change: 'routes', alias: 'fast', keyHashes: [] },
      ]);
    }
    await bus.close();
  });

  it('terms a message it cannot read instead of retrying it forever', () => {
    const terms: string[] = [];
    const delivery = { subject: subjects.configChanged('p'), id: '1', data: new Uint8Array([1, 2, 3]), headers: {}, deliveryCount: 1, term: (r: string) => terms.push(r) };
    expect(decodeChange(delivery)).toBeUndefined();
    expect(terms).toHaveLength(1);
  });

  it('logs, and does not throw, when publishing fails (the write is already committed)', async () => {
    const lines: string[] = [];
    const failing = { publish: async () => Promise.reject(new Error('nats down')) };
    const events = createConfigEvents(failing, createLogger({ level: 'warn', write: (l) => lines.push(l) }), () => new Date());
    await events.keyChanged({ projectId: 'p', keyId: 'k', keyHash: 'h', change: 'revoked' });
    expect(lines.join('')).toMatch(/config change not published/);
  });
});
