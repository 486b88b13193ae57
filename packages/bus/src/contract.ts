// The one behaviour suite every Bus and KvStore implementation must pass (memory.test.ts, jetstream.int.test.ts).
import { sleep, uniqueName, waitFor } from '@tollgate/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus, Delivery, KvStore } from './types.ts';

export interface BusFixture {
  bus: Bus;
  cleanup: () => Promise<void>;
}

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const WAIT = { timeoutMs: 10_000 };

export function busContract(name: string, makeBus: () => Promise<BusFixture>): void {
  describe(`Bus contract: ${name}`, () => {
    let fx: BusFixture;
    let prefix: string; // every subject of the test's own stream starts with it
    const stops: Array<() => Promise<void>> = [];

    beforeEach(async () => {
      fx = await makeBus();
      const token = uniqueName('');
      prefix = `test.${token}`;
      await fx.bus.ensureStream(`TEST_${token}`, [`${prefix}.>`]);
    });
    afterEach(async () => {
      for (const stop of stops.splice(0)) await stop();
      await fx.cleanup();
    });

    const publish = (n: number | string, sub = 'a') => fx.bus.publish(`${prefix}.${sub}`, enc(`m${n}`), { id: `${prefix}-${n}` });
    async function collect(durable: string, opts: { maxBatch?: number; retryDelayMs?: number; ackWaitMs?: number; startAt?: 'first' | 'new' } = {}, onBatch?: (b: Delivery[]) => Promise<void>) {
      const got: string[] = [];
      const batches: number[] = [];
      const sub = await fx.bus.consume({ durable, filter: `${prefix}.>`, retryDelayMs: 100, ...opts }, async (batch) => {
        batches.push(batch.length);
        await onBatch?.(batch);
        for (const d of batch) got.push(dec(d.data));
      });
      stops.push(() => sub.stop());
      return { got, batches, sub };
    }

    it('delivers a published message with its subject, id, headers and a delivery count of 1', async () => {
      const seen: Delivery[] = [];
      const sub = await fx.bus.consume({ durable: 'd1', filter: `${prefix}.>` }, async (b) => void seen.push(...b));
      stops.push(() => sub.stop());
      await fx.bus.publish(`${prefix}.x`, enc('hello'), { id: 'e-1', headers: { traceparent: '00-abc-01' } });
      await waitFor(() => expect(seen).toHaveLength(1), WAIT);
      expect(seen[0]).toMatchObject({ subject: `${prefix}.x`, id: 'e-1', deliveryCount: 1, headers: { traceparent: '00-abc-01' } });
      expect(dec(seen[0].data)).toBe('hello');
    });

    it('delivers a message published as an object with the bytes it encodes to', async () => {
      const seen: Delivery[] = [];
      const sub = await fx.bus.consume({ durable: 'obj', filter: `${prefix}.>` }, async (b) => void seen.push(...b));
      stops.push(() => sub.stop());
      const message = { encode: () => enc('as an object') };
      await fx.bus.publish(`${prefix}.o`, message, { id: 'o-1' });
      await waitFor(() => expect(seen).toHaveLength(1), WAIT);
      expect(dec(seen[0].data)).toBe('as an object');
      // In process the consumer may skip decoding: it is handed the publisher's object; across NATS it is not.
      expect(seen[0].local === undefined || seen[0].local === message).toBe(true);
    });

    it("starts a new consumer with startAt 'new' after what the stream already holds", async () => {
      await publish(1);
      await publish(2);
      const c = await collect('from-now', { startAt: 'new' });
      await publish(3);
      await waitFor(() => expect(c.got).toEqual(['m3']), WAIT);
    });

    it('keeps a stream and its messages when ensureStream runs again (every start-up calls it)', async () => {
      await publish(1);
      await fx.bus.ensureStream(`TEST_${prefix.slice('test.'.length)}`, [`${prefix}.>`]);
      const c = await collect('again');
      await waitFor(() => expect(c.got).toEqual(['m1']), WAIT);
    });

    it('rejects a publish to a subject no stream captures', async () => {
      await expect(fx.bus.publish(`nostream.${uniqueName('')}`, enc('x'), { id: 'x' })).rejects.toThrow();
    });

    it('gives every durable every message, including those published before it started', async () => {
      await publish(1);
      const a = await collect('a');
      const b = await collect('b');
      await publish(2, 'b.c');
      await waitFor(() => expect([a.got.sort(), b.got.sort()]).toEqual([['m1', 'm2'], ['m1', 'm2']]), WAIT);
    });

    it('shares the work of one durable between its consume() calls, each message once', async () => {
      const slow = async () => sleep(10);
      const a = await collect('group', {}, slow);
      const b = await collect('group', {}, slow);
      for (let i = 0; i < 20; i++) await publish(i);
      await waitFor(() => expect(a.got.length + b.got.length).toBe(20), WAIT);
      await sleep(300);
      expect(new Set([...a.got, ...b.got]).size).toBe(20);
      expect(a.got.length + b.got.length).toBe(20);
      expect(a.got.length).toBeGreaterThan(0);
      expect(b.got.length).toBeGreaterThan(0);
    });

    it('hands over batches of at most maxBatch', async () => {
      for (let i = 0; i < 10; i++) await publish(i);
      const c = await collect('batch', { maxBatch: 4 });
      await waitFor(() => expect(c.got).toHaveLength(10), WAIT);
      expect(Math.max(...c.batches)).toBeLessThanOrEqual(4);
      expect(Math.max(...c.batches)).toBeGreaterThan(1);
    });

    it('redelivers a batch whose handler threw, with a higher delivery count', async () => {
      const counts: number[] = [];
      const c = await collect('retry', {}, async ([d]) => {
        counts.push(d.deliveryCount);
        if (d.deliveryCount === 1) throw new Error('transient');
      });
      await publish(1);
      await waitFor(() => expect(c.got).toEqual(['m1']), WAIT);
      expect(counts).toEqual([1, 2]);
    });

    it('redelivers to another member of the group a message not acked within ackWaitMs', async () => {
      const counts: number[] = [];
      const hang = async ([d]: Delivery[]) => {
        counts.push(d.deliveryCount);
        if (d.deliveryCount === 1) await sleep(2_500);
      };
      await collect('slow', { ackWaitMs: 1_000 }, hang);
      await collect('slow', { ackWaitMs: 1_000 }, hang);
      await publish(1);
      await waitFor(() => expect(counts).toEqual([1, 2]), WAIT);
    });

    it('never redelivers a termed message, even when the handler then throws', async () => {
      let calls = 0;
      await collect('poison', {}, async ([d]) => {
        calls++;
        d.term('cannot decode');
        throw new Error('poison');
      });
      await publish(1);
      await waitFor(() => expect(calls).toBe(1), WAIT);
      await sleep(600);
      expect(calls).toBe(1);
    });

    it('drops a second publish with the same id', async () => {
      await publish(1);
      await publish(1);
      await publish(2);
      const c = await collect('dedup');
      await waitFor(() => expect(c.got).toEqual(['m1', 'm2']), WAIT);
      await sleep(300);
      expect(c.got).toEqual(['m1', 'm2']);
    });

    it('keeps acks across stop() and a new consume(): acked messages stay acked, failed ones come back', async () => {
      await publish(1);
      await publish(2);
      const first = await collect('restart', { retryDelayMs: 300, ackWaitMs: 2_000 }, async ([d]) => {
        if (dec(d.data) === 'm2') throw new Error('fails once');
      });
      await waitFor(() => expect(first.batches).toHaveLength(2), WAIT);
      await first.sub.stop();
      expect(first.got).toEqual(['m1']);
      await publish(3);
      const counts = new Map<string, number>();
      const second = await collect('restart', { retryDelayMs: 300, ackWaitMs: 2_000 }, async ([d]) => void counts.set(dec(d.data), d.deliveryCount));
      await waitFor(() => expect(second.got.sort()).toEqual(['m2', 'm3']), WAIT);
      expect(Object.fromEntries(counts)).toEqual({ m2: 2, m3: 1 });
      await sleep(300);
      expect(second.got).toHaveLength(2);
    });
  });
}

export interface KvFixture {
  kv: KvStore;
  cleanup: () => Promise<void>;
}

export function kvContract(name: string, makeKv: () => Promise<KvFixture>): void {
  describe(`KvStore contract: ${name}`, () => {
    let fx: KvFixture;
    beforeEach(async () => {
      fx = await makeKv();
    });
    afterEach(async () => fx.cleanup());

    it('gets what was put, and nothing after a delete', async () => {
      const b = await fx.kv.bucket(uniqueName('test_'));
      expect(await b.get('k')).toBeUndefined();
      await b.put('k', enc('v1'));
      await b.put('k', enc('v2'));
      expect(dec((await b.get('k'))!)).toBe('v2');
      await b.delete('k');
      expect(await b.get('k')).toBeUndefined();
    });

    it('watch() reports every current entry before resolving, then each change, until stopped', async () => {
      const b = await fx.kv.bucket(uniqueName('test_'));
      await b.put('a', enc('1'));
      await b.put('b', enc('2'));
      const seen: Array<[string, string | undefined]> = [];
      const stop = await b.watch((k, v) => seen.push([k, v && dec(v)]));
      expect(seen.sort()).toEqual([['a', '1'], ['b', '2']]);
      await b.put('a', enc('3'));
      await b.delete('b');
      await waitFor(() => expect(seen.slice(2)).toEqual([['a', '3'], ['b', undefined]]), WAIT);
      stop();
      await b.put('c', enc('4'));
      await sleep(200);
      expect(seen).toHaveLength(4);
    });

    it('expires entries after the bucket ttl', async () => {
      const b = await fx.kv.bucket(uniqueName('test_'), { ttlMs: 1_000 });
      await b.put('k', enc('v'));
      expect(await b.get('k')).toBeDefined();
      await waitFor(async () => expect(await b.get('k')).toBeUndefined(), { timeoutMs: 5_000, intervalMs: 100 });
    });
  });
}
