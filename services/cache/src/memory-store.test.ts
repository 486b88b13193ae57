import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.ts';
import { storeContract } from './store-contract.ts';

const entry = (n: number) => ({ response: new Uint8Array(n), contentType: 'application/json', provider: 'p', model: 'm' });

storeContract('memory', async () => {
  let t = 1_000;
  const store = createMemoryStore({ maxEntries: 100, maxBytes: 1 << 20, now: () => t });
  return { store, advance: async (ms) => void (t += ms) };
});

describe('memory store bounds', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const s = createMemoryStore({ maxEntries: 2, maxBytes: 1 << 20 });
    await s.set('a', entry(1), 60);
    await s.set('b', entry(1), 60);
    await s.get('a'); // a is now more recent than b
    await s.set('c', entry(1), 60);
    expect(await s.get('a')).toBeDefined();
    expect(await s.get('b')).toBeUndefined();
    expect(await s.get('c')).toBeDefined();
    expect(s.size).toBe(2);
  });

  it('evicts by total bytes and never stores an entry larger than the bound', async () => {
    const s = createMemoryStore({ maxEntries: 1000, maxBytes: 3000 });
    for (const k of ['a', 'b', 'c']) await s.set(k, entry(1000), 60);
    expect(s.bytes).toBeLessThanOrEqual(3000);
    expect(await s.get('a')).toBeUndefined();
    expect(await s.get('c')).toBeDefined();
    await s.set('huge', entry(5000), 60);
    expect(await s.get('huge')).toBeUndefined();
    expect(await s.get('c')).toBeDefined();
  });

  it('accounts bytes exactly across overwrite, expiry and eviction', async () => {
    let t = 0;
    const s = createMemoryStore({ maxEntries: 10, maxBytes: 1 << 20, now: () => t });
    await s.set('a', entry(100), 1);
    const one = s.bytes;
    await s.set('a', entry(100), 1);
    expect(s.bytes).toBe(one);
    t = 2000;
    await s.get('a');
    expect(s.bytes).toBe(0);
    expect(s.size).toBe(0);
  });
});
