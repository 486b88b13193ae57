import { describe, expect, it } from 'vitest';
import { ProjectCache, type ProjectCacheOptions } from './project-cache.ts';

/** A source whose reads are resolved (or failed) by the test, one by one, and a clock the test moves. */
function setup(over: Partial<ProjectCacheOptions<string>> = {}) {
  let t = 1_000;
  const reads: { projectId: string; resolve(v: string): void; reject(e: Error): void }[] = [];
  const cache = new ProjectCache<string>({
    load: (projectId) => new Promise((resolve, reject) => reads.push({ projectId, resolve, reject })),
    now: () => t,
    refreshMs: 30_000,
    retryMs: 5_000,
    firstLoadWaitMs: 60_000,
    maxProjects: 100,
    ...over,
  });
  return { cache, reads, advance: (ms: number) => void (t += ms) };
}

/** Lets every settled read be applied (setImmediate runs after all pending promise callbacks). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ProjectCache', () => {
  it('reads a project once: its first requests wait for that read, later ones are answered from memory', async () => {
    const { cache, reads } = setup();
    const first = cache.get('p1');
    const second = cache.get('p1');
    expect(reads.length).toBe(1);
    reads[0].resolve('v1');
    expect([await first, await second]).toEqual(['v1', 'v1']);
    for (let i = 0; i < 100; i++) expect(cache.get('p1')).toBe('v1');
    expect(reads.length).toBe(1);
  });

  it('re-reads in the background once refreshMs has passed, serving the held value meanwhile', async () => {
    const { cache, reads, advance } = setup();
    const first = cache.get('p1');
    reads[0].resolve('v1');
    await first;
    advance(29_999);
    expect(cache.get('p1')).toBe('v1');
    expect(reads.length).toBe(1);
    advance(1);
    expect(cache.get('p1')).toBe('v1');
    expect(cache.get('p1')).toBe('v1');
    expect(reads.length).toBe(2); // one re-read, however many requests
    reads[1].resolve('v2');
    await cache.changed('other'); // not held: nothing read
    await flush();
    expect(cache.get('p1')).toBe('v2');
    expect(reads.length).toBe(2);
  });

  it('on a change, re-reads a held project at once; a slower, older read never overwrites a newer one', async () => {
    const { cache, reads } = setup();
    const first = cache.get('p1');
    reads[0].resolve('v1');
    await first;
    const older = cache.changed('p1');
    const newer = cache.changed('p1');
    reads[2].resolve('v3');
    await newer;
    reads[1].resolve('v2');
    await older;
    expect(cache.get('p1')).toBe('v3');
  });

  it('keeps serving what it holds when a read fails, and tries again after retryMs', async () => {
    const { cache, reads, advance } = setup();
    const first = cache.get('p1');
    reads[0].resolve('v1');
    await first;
    const failed = cache.changed('p1');
    reads[1].reject(new Error('connection refused'));
    await failed;
    expect(cache.get('p1')).toBe('v1');
    expect(reads.length).toBe(2);
    advance(5_000);
    expect(cache.get('p1')).toBe('v1');
    expect(reads.length).toBe(3);
  });

  it('answers undefined (the YAML routes) when the first read fails or takes longer than firstLoadWaitMs', async () => {
    const { cache, reads } = setup({ firstLoadWaitMs: 0 });
    expect(cache.get('slow')).toBeUndefined();
    const { cache: c2, reads: r2 } = setup();
    const first = c2.get('down');
    r2[0].reject(new Error('down'));
    expect(await first).toBeUndefined();
    expect(c2.get('down')).toBeUndefined();
    expect(r2.length).toBe(1); // not again before retryMs
    expect(reads.length).toBe(1);
  });

  it('holds at most maxProjects, dropping the earliest added', async () => {
    const { cache, reads } = setup({ maxProjects: 2 });
    for (const p of ['a', 'b', 'c']) {
      const v = cache.get(p);
      reads.at(-1)?.resolve(p);
      await v;
    }
    expect(cache.size).toBe(2);
    expect(cache.get('c')).toBe('c');
    void cache.get('a');
    expect(reads.length).toBe(4); // read again
  });
});
