import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CachedResponse, CacheStore } from './store.ts';

// The one contract every CacheStore passes: memory (unit) and Redis (int). Keys are random per test so a real
// store shared between runs never sees a previous run's entries.

export interface StoreHarness {
  store: CacheStore;
  /** Lets time pass as the store sees it (a fake clock for memory, a real sleep for Redis). */
  advance(ms: number): Promise<void>;
}

const entry = (body: string, extra: Partial<CachedResponse> = {}): CachedResponse => ({
  response: new TextEncoder().encode(body),
  contentType: 'application/json',
  provider: 'openai',
  model: 'gpt-4o-mini',
  ...extra,
});

export function storeContract(name: string, make: () => Promise<StoreHarness>): void {
  describe(`CacheStore contract: ${name}`, () => {
    let h: StoreHarness;
    let key: (s: string) => string;
    beforeEach(async () => {
      h = await make();
      const run = Math.random().toString(36).slice(2);
      key = (s) => `p-${run}:${s}`;
    });
    afterEach(async () => {
      await h.store.close();
    });

    it('misses an unknown key', async () => {
      expect(await h.store.get(key('nothing'))).toBeUndefined();
    });

    it('returns exactly what was stored, binary bodies included', async () => {
      const v = entry('', { response: new Uint8Array([0, 1, 2, 255, 0x0a]), contentType: 'text/event-stream', provider: 'groq', model: 'llama' });
      await h.store.set(key('a'), v, 60);
      expect(await h.store.get(key('a'))).toEqual(v);
    });

    it('overwrites an existing key', async () => {
      await h.store.set(key('a'), entry('one'), 60);
      await h.store.set(key('a'), entry('two'), 60);
      expect(new TextDecoder().decode((await h.store.get(key('a')))?.response)).toBe('two');
    });

    it('keeps its own copy of the body', async () => {
      const v = entry('abc');
      await h.store.set(key('a'), v, 60);
      v.response[0] = 0x78;
      expect(new TextDecoder().decode((await h.store.get(key('a')))?.response)).toBe('abc');
    });

    it('expires entries after their TTL', async () => {
      await h.store.set(key('short'), entry('x'), 0.2);
      await h.store.set(key('long'), entry('y'), 60);
      expect(await h.store.get(key('short'))).toBeDefined();
      await h.advance(400);
      expect(await h.store.get(key('short'))).toBeUndefined();
      expect(await h.store.get(key('long'))).toBeDefined();
    });

    it('stores nothing for a TTL <= 0', async () => {
      await h.store.set(key('z'), entry('x'), 0);
      expect(await h.store.get(key('z'))).toBeUndefined();
    });

    it('reports itself healthy', async () => {
      expect(await h.store.healthy()).toBe(true);
    });
  });
}
