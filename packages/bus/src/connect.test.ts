import { describe, expect, it } from 'vitest';
import { connectBus, connectKv } from './connect.ts';

describe('connectBus / connectKv', () => {
  it('give the embedded implementations when no NATS URL is configured', async () => {
    const bus = await connectBus(undefined);
    await bus.ensureStream('S', ['s.>']);
    const got: string[] = [];
    const sub = await bus.consume({ durable: 'd', filter: 's.>' }, async (b) => void got.push(...b.map((d) => d.id)));
    await bus.publish('s.x', new Uint8Array(), { id: 'e1' });
    await expect.poll(() => got).toEqual(['e1']);
    await sub.stop();
    await bus.close();
    const kv = await connectKv(undefined);
    const bucket = await kv.bucket('b');
    await bucket.put('k', new Uint8Array([7]));
    expect(await bucket.get('k')).toEqual(new Uint8Array([7]));
  });
});
