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
});
