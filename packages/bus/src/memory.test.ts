import { waitFor } from '@tollgate/testing';
import { describe, expect, it } from 'vitest';
import { busContract, kvContract } from './contract.ts';
import { createMemoryBus } from './memory.ts';
import { createMemoryKv } from './memory-kv.ts';

busContract('memory', async () => ({ bus: createMemoryBus(), cleanup: async () => {} }));
kvContract('memory', async () => ({ kv: createMemoryKv(), cleanup: async () => {} }));

describe('memory bus batches', () => {
  it('hands over a batch as soon as max_ack_pending (1000) is reached, without waiting for a larger maxBatch', async () => {
    const bus = createMemoryBus();
    await bus.ensureStream('BATCH', ['batch.>']);
    for (let i = 0; i < 2500; i++) await bus.publish('batch.x', new Uint8Array([1]), { id: `m${i}` });
    const sizes: number[] = [];
    const started = Date.now();
    const sub = await bus.consume({ durable: 'big', filter: 'batch.>', maxBatch: 5000, maxWaitMs: 10_000 }, async (batch) => {
      sizes.push(batch.length);
    });
    await waitFor(() => expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2000), { timeoutMs: 5000 });
    expect(Date.now() - started).toBeLessThan(5000); // before the fix: one batch per 10 s wait
    expect(sizes.slice(0, 2)).toEqual([1000, 1000]);
    await sub.stop();
    await bus.close();
  });
});

describe('memory bus backlog', () => {
  it('reports how full the fullest stream is, and falls back as the durables ack', async () => {
    const bus = createMemoryBus({ maxMessagesPerStream: 10 });
    await bus.ensureStream('A', ['a.>']);
    await bus.ensureStream('B', ['b.>']);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const sub = await bus.consume({ durable: 'slow', filter: 'a.>', maxBatch: 100, maxWaitMs: 0 }, () => held);
    for (let i = 0; i < 8; i++) await bus.publish('a.x', new Uint8Array([1]), { id: `a${i}` });
    await bus.publish('b.x', new Uint8Array([1]), { id: 'b0' });
    expect(bus.backlog?.()).toBeCloseTo(0.8);
    release();
    await waitFor(() => expect(bus.backlog?.()).toBeCloseTo(0.1)); // A acked and trimmed; B has no durable
    await sub.stop();
    await bus.close();
  });
});
