import { describe, expect, it } from 'vitest';
import { MemoryConsumer } from './memory-consumer.ts';
import { MemoryStream } from './memory-stream.ts';

const data = new Uint8Array([1]);

describe('MemoryStream memory bounds', () => {
  it('drops messages once every durable has acked them', () => {
    const s = new MemoryStream('S', ['s.>'], 1_000, 60_000);
    const a = new MemoryConsumer('s.>', 30_000, 1);
    const b = new MemoryConsumer('s.a', 30_000, 1);
    s.consumers.set('a', a).set('b', b);
    for (let i = 0; i < 5; i++) s.append(i % 2 ? 's.b' : 's.a', data, `id${i}`, undefined, 0);
    for (const t of a.take(s, 10, 0)) a.ack(t.msg.seq);
    s.trim();
    expect(s.size()).toBe(5); // b has read nothing yet
    const taken = b.take(s, 10, 0);
    expect(taken.map((t) => t.msg.subject)).toEqual(['s.a', 's.a', 's.a']);
    b.ack(taken[0].msg.seq);
    s.trim();
    expect(s.firstSeq()).toBe(3); // seq 2 is not b's; seq 3 (s.a) is still unacked by b
    for (const t of taken) b.ack(t.msg.seq);
    s.trim();
    expect(s.size()).toBe(0);
  });

  it('discards the oldest messages beyond the size limit, read or not', () => {
    const s = new MemoryStream('S', ['s.>'], 3, 60_000);
    const c = new MemoryConsumer('s.>', 30_000, 1);
    s.consumers.set('c', c);
    for (let i = 1; i <= 5; i++) s.append('s.x', data, `id${i}`, undefined, 0);
    expect(s.size()).toBe(3);
    expect(c.take(s, 10, 0).map((t) => t.msg.id)).toEqual(['id3', 'id4', 'id5']);
  });

  it('forgets ids after the dedup window', () => {
    const s = new MemoryStream('S', ['s.>'], 10, 1_000);
    expect(s.append('s.x', data, 'a', undefined, 0)).toBe(true);
    expect(s.append('s.x', data, 'a', undefined, 999)).toBe(false);
    expect(s.append('s.x', data, 'a', undefined, 1_001)).toBe(true);
  });

  it('forgets ids in publish order, over many windows', () => {
    const s = new MemoryStream('S', ['s.>'], 10, 1_000);
    for (let t = 0; t < 5_000; t++) expect(s.append('s.x', data, `id${t}`, undefined, t)).toBe(true);
    expect(s.append('s.x', data, 'id4000', undefined, 4_999)).toBe(false); // inside the window
    expect(s.append('s.x', data, 'id3999', undefined, 4_999)).toBe(true); // a whole window ago: forgotten
    expect(s.append('s.x', data, 'id4999', undefined, 5_998)).toBe(false);
  });

  it('holds a message published as an object and encodes it once, only when its bytes are read', () => {
    const s = new MemoryStream('S', ['s.>'], 10, 1_000);
    let encoded = 0;
    const local = {
      encode: () => {
        encoded++;
        return new Uint8Array([7]);
      },
    };
    s.append('s.x', local, 'a', undefined, 0);
    expect(s.get(1)?.local).toBe(local);
    expect(encoded).toBe(0);
    expect([...(s.get(1)?.data ?? [])]).toEqual([7]);
    expect(s.get(1)?.data).toBe(s.get(1)?.data);
    expect(encoded).toBe(1);
  });

  it('keeps the data buffer it was given (no copy on publish)', () => {
    const s = new MemoryStream('S', ['s.>'], 10, 1_000);
    s.append('s.x', data, 'a', undefined, 0);
    expect(s.get(1)?.data).toBe(data);
  });
});

describe('MemoryStream announcements', () => {
  it('wakes only the consumers whose filter takes a new message; the others step over it', async () => {
    const s = new MemoryStream('S', ['s.>'], 1_000, 60_000);
    const requests = new MemoryConsumer('s.request.>', 30_000, 1);
    const sdk = new MemoryConsumer('s.sdk.>', 30_000, 1);
    s.consumers.set('requests', requests).set('sdk', sdk);
    let sdkWoken = false;
    void sdk.wait(undefined).then(() => (sdkWoken = true));
    let requestsWoken = false;
    void requests.wait(undefined).then(() => (requestsWoken = true));
    s.append('s.request.p1', data, 'r1', undefined, 0);
    s.announceLast('s.request.p1');
    await Promise.resolve();
    expect([requestsWoken, sdkWoken]).toEqual([true, false]);
    expect(sdk.unread(s)).toBe(0); // stepped over: its cursor does not hold back the trim
    for (const t of requests.take(s, 10, 0)) requests.ack(t.msg.seq);
    s.trim();
    expect(s.size()).toBe(0);
    s.append('s.sdk.p1', data, 's1', undefined, 0);
    s.announceLast('s.sdk.p1');
    await Promise.resolve();
    expect(sdkWoken).toBe(true);
    expect(sdk.take(s, 10, 0).map((t) => t.msg.id)).toEqual(['s1']);
  });
});
