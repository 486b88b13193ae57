import { describe, expect, it } from 'vitest';
import { dedupToken, inlineStringList, lookupBounds, uniqueByEventId, unstored } from './batch.ts';
import type { RequestRow } from './row.ts';

const row = (event_id: string, project_id = 'p', occurred_at = '2026-03-04 05:06:07.000') => ({ event_id, project_id, occurred_at }) as RequestRow;

describe('insert deduplication', () => {
  it('gives the same token to the same events in any order, and another to any other set', () => {
    expect(dedupToken(['b', 'a', 'c'])).toBe(dedupToken(['c', 'b', 'a']));
    expect(dedupToken(['a', 'b'])).not.toBe(dedupToken(['a', 'b', 'c']));
    expect(dedupToken(['ab'])).not.toBe(dedupToken(['a', 'b']));
    expect(dedupToken(['a'])).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps one row per event and drops the stored ones', () => {
    const rows = [row('a'), row('b'), row('a'), row('c')];
    expect(uniqueByEventId(rows).map((r) => r.event_id)).toEqual(['a', 'b', 'c']);
    expect(unstored(uniqueByEventId(rows), new Set(['b'])).map((r) => r.event_id)).toEqual(['a', 'c']);
  });

  it('bounds the stored-id lookup by the projects and times of the batch', () => {
    const b = lookupBounds([row('a', 'p1', '2026-03-04 05:06:07.000'), row('b', 'p2', '2026-02-28 23:59:59.999'), row('c', 'p1', '2026-03-10 00:00:00.000')]);
    expect(b).toEqual({ ids: ['a', 'b', 'c'], projects: ['p1', 'p2'], from: '2026-02-28 23:59:59.999', to: '2026-03-10 00:00:00.000' });
  });

  it('writes the looked-up ids as string literals, escaped where they need it, or not at all past the limit', () => {
    expect(inlineStringList(['019a2b3c-0000-7000-8000-000000000001', 'b'])).toBe("'019a2b3c-0000-7000-8000-000000000001','b'");
    expect(inlineStringList(["it's", 'a\\b', 'x\ny\0', 'del\x7f', 'ünï'])).toBe("'it\\'s','a\\\\b','x\\x0ay\\x00','del\\x7f','ünï'");
    expect(inlineStringList(['abcd', 'efgh'], 13)).toBe("'abcd','efgh'");
    expect(inlineStringList(['abcd', 'efgh'], 12)).toBeUndefined();
  });
});
