import { StoreBodies } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { storeBodiesMark, storeBodiesOfMark } from './store-bodies.ts';

describe('store-bodies marks', () => {
  it('maps every mode to its mark and back; no choice and unknown marks name no mode', () => {
    for (const mode of ['off', 'redacted', 'full'] as const) expect(storeBodiesOfMark(storeBodiesMark(mode))).toBe(mode);
    expect(storeBodiesMark(undefined)).toBe(StoreBodies.UNSPECIFIED);
    expect(storeBodiesOfMark(StoreBodies.UNSPECIFIED)).toBeUndefined();
    expect(storeBodiesOfMark(99 as StoreBodies)).toBeUndefined(); // a mark from a newer producer
    expect(storeBodiesOfMark(undefined)).toBeUndefined();
  });
});
