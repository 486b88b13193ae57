import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { RequestCompletedSchema, type RequestCompleted } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { charges, evolveBudget, type BudgetState } from './budget-fold.ts';

const at = (iso: string) => Date.parse(iso);
const ev = (costNanousd: bigint, startedIso: string, keyId = 'k1', projectId = 'p1'): RequestCompleted =>
  create(RequestCompletedSchema, { projectId, keyId, costNanousd, startedAt: timestampFromMs(at(startedIso)) });
const fold = (events: RequestCompleted[], timeZone?: string) =>
  events.reduce<BudgetState>((s, e) => evolveBudget(s, e, { occurredAtMs: 0, timeZone }), new Map());
const spent = (s: BudgetState) => Object.fromEntries([...s].map(([k, r]) => [k, r.spentNanousd]));

describe('budget charges', () => {
  it('charges project and key, day and month, of the period the request started in', () => {
    expect(charges(ev(5n, '2026-11-30T23:59:59Z'), at('2026-12-01T00:00:05Z')).map((c) => [c.scope, c.costNanousd])).toEqual([
      ['project.p1.day.2026-11-30', 5n],
      ['project.p1.month.2026-11', 5n],
      ['key.k1.day.2026-11-30', 5n],
      ['key.k1.month.2026-11', 5n],
    ]);
  });

  it('uses the configured zone, and the envelope time when the event has no start', () => {
    expect(charges(ev(5n, '2026-11-30T23:30:00Z'), 0, 'Asia/Tokyo')[0].scope).toBe('project.p1.day.2026-12-01');
    const noStart = create(RequestCompletedSchema, { projectId: 'p1', costNanousd: 1n });
    expect(charges(noStart, at('2026-01-02T03:00:00Z')).map((c) => c.scope)).toEqual(['project.p1.day.2026-01-02', 'project.p1.month.2026-01']);
  });

  it('charges nothing for a free request (cache hit, error)', () => {
    expect(charges(ev(0n, '2026-11-30T12:00:00Z'), 0)).toEqual([]);
  });
});

describe('evolveBudget', () => {
  // A deterministic stream: 300 requests over three days, two projects, three keys, costs up to 1e6 nano-USD.
  const stream = Array.from({ length: 300 }, (_, i) =>
    ev(BigInt((i * 7919) % 1_000_000), new Date(at('2026-11-29T10:00:00Z') + i * 15 * 60_000).toISOString(), `k${i % 3}`, `p${i % 2}`),
  );

  it('reproduces spend per project and key per period: equal to the sums of the stream', () => {
    const s = fold(stream);
    const expected = new Map<string, bigint>();
    for (const e of stream) {
      const day = new Date(Number(e.startedAt!.seconds) * 1000).toISOString().slice(0, 10);
      for (const k of [`project.${e.projectId}.day.${day}`, `key.${e.keyId}.day.${day}`, `project.${e.projectId}.month.${day.slice(0, 7)}`, `key.${e.keyId}.month.${day.slice(0, 7)}`]) {
        if (e.costNanousd > 0n) expected.set(k, (expected.get(k) ?? 0n) + e.costNanousd);
      }
    }
    expect(spent(s)).toEqual(Object.fromEntries(expected));
    expect(s.get('project.p0.month.2026-11')?.spentNanousd).toBeGreaterThan(0n);
    expect(s.get('project.p0.month.2026-12')?.spentNanousd).toBeGreaterThan(0n);
  });

  it('rebuilds exactly the same state when the stream is replayed from scratch', () => {
    expect(fold(stream)).toEqual(fold(stream));
    expect(spent(fold([...stream].reverse()))).toEqual(spent(fold(stream)));
  });

  it('does not change the state it was given', () => {
    const s0 = fold(stream.slice(0, 10));
    const before = spent(s0);
    evolveBudget(s0, stream[10], { occurredAtMs: 0 });
    expect(spent(s0)).toEqual(before);
  });
});
