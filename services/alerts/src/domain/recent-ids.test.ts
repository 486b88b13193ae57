import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.ts';

describe('RecentIds', () => {
  it('remembers ids up to its capacity, forgetting the oldest first', () => {
    const r = new RecentIds(2);
    r.add('a');
    r.add('b');
    r.add('a');
    r.add('c');
    expect([r.has('a'), r.has('b'), r.has('c')]).toEqual([false, true, true]);
    expect(r.size).toBe(2);
  });

  it('keeps exactly the last `capacity` distinct ids however many went by', () => {
    const r = new RecentIds(100);
    for (let i = 0; i < 1_050; i++) r.add(`id${i}`);
    expect(r.size).toBe(100);
    expect([r.has('id949'), r.has('id950'), r.has('id1049')]).toEqual([false, true, true]);
  });
});
