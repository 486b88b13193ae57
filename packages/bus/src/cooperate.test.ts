import { describe, expect, it } from 'vitest';
import { cooperate } from './cooperate.ts';

describe('cooperate', () => {
  it('lets queued I/O callbacks run every n turns of a long loop', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('io'));
    const turn = cooperate(3);
    for (let i = 1; i <= 6; i++) {
      await turn();
      order.push(`m${i}`);
    }
    expect(order).toEqual(['m1', 'm2', 'io', 'm3', 'm4', 'm5', 'm6']);
  });
});
