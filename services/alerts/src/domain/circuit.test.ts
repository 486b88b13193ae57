import { create } from '@bufbuild/protobuf';
import type { CircuitRecord } from '@tollgate/events';
import { ErrorClass, RequestCompletedSchema, type RequestCompleted } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { circuitChanged, evolve, initialCircuit, outcomes, type Outcome } from './circuit.ts';

const policy = { failureThreshold: 3, openMs: 1_000 };
const fail = (atMs: number, provider = 'openai'): Outcome => ({ provider, failed: true, atMs });
const ok = (atMs: number, provider = 'openai'): Outcome => ({ provider, failed: false, atMs });
/** given a record (or nothing), when these outcomes arrive, then the fold yields... */
const given = (state: CircuitRecord | undefined, ...when: Outcome[]) => when.reduce<CircuitRecord | undefined>((s, o) => evolve(s, o, policy), state);
const open = (untilMs: number, failures = 3): CircuitRecord => ({ provider: 'openai', state: 'open', failures, untilMs, updatedMs: untilMs - 1_000 });

describe('circuit evolve', () => {
  it('stays closed and counts consecutive failures below the threshold', () => {
    expect(given(undefined, fail(1), fail(2))).toEqual({ provider: 'openai', state: 'closed', failures: 2, untilMs: 0, updatedMs: 2 });
  });

  it('opens at the threshold, until atMs + openMs', () => {
    expect(given(undefined, fail(1), fail(2), fail(5))).toEqual({ provider: 'openai', state: 'open', failures: 3, untilMs: 1_005, updatedMs: 5 });
  });

  it('resets the count on a success while closed', () => {
    expect(given(undefined, fail(1), fail(2), ok(3), fail(4), fail(5))).toMatchObject({ state: 'closed', failures: 2 });
  });

  it('ignores outcomes while open and before untilMs', () => {
    const s = open(2_000);
    expect(given(s, ok(1_500), fail(1_999))).toBe(s);
  });

  it('closes on a successful probe once untilMs has passed', () => {
    expect(given(open(2_000), ok(2_000))).toEqual({ provider: 'openai', state: 'closed', failures: 0, untilMs: 0, updatedMs: 2_000 });
  });

  it('opens again with a new untilMs on a failed probe', () => {
    expect(given(open(2_000), fail(2_500))).toEqual({ provider: 'openai', state: 'open', failures: 4, untilMs: 3_500, updatedMs: 2_500 });
  });

  it('folds a half_open record like an expired open one', () => {
    expect(given({ ...open(2_000), state: 'half_open' }, ok(100))).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('rebuilds the same final state when the same events are replayed from scratch', () => {
    const log = [fail(1), fail(2), ok(3), fail(4), fail(5), fail(6), ok(500), fail(1_006), fail(1_100), ok(2_106), fail(2_200)];
    const first = given(undefined, ...log);
    expect(given(undefined, ...log)).toEqual(first);
    expect(first).toEqual({ provider: 'openai', state: 'closed', failures: 1, untilMs: 0, updatedMs: 2_200 });
  });
});

describe('circuitChanged', () => {
  it('is true for a new record or a change of state, count or deadline, false for a time-only change', () => {
    const a = initialCircuit('openai');
    expect(circuitChanged(undefined, a)).toBe(true);
    expect(circuitChanged(a, { ...a, updatedMs: 99 })).toBe(false);
    expect(circuitChanged(a, { ...a, failures: 1 })).toBe(true);
    expect(circuitChanged(open(5), open(6))).toBe(true);
  });
});

describe('outcomes', () => {
  const event = (...attempts: [string, ErrorClass][]): RequestCompleted =>
    create(RequestCompletedSchema, { attempts: attempts.map(([provider, errorClass]) => ({ provider, errorClass })) });

  it('derives one outcome per attempt, at the envelope time', () => {
    expect(outcomes(event(['openai', ErrorClass.TIMEOUT], ['groq', ErrorClass.NONE]), 42)).toEqual([fail(42, 'openai'), ok(42, 'groq')]);
  });

  it.each([ErrorClass.UPSTREAM, ErrorClass.TIMEOUT, ErrorClass.CONNECTION])('counts error class %s as a provider failure', (c) => {
    expect(outcomes(event(['openai', c]), 1)).toEqual([fail(1)]);
  });

  it.each([
    ErrorClass.BAD_REQUEST,
    ErrorClass.AUTH,
    ErrorClass.NOT_FOUND,
    ErrorClass.RATE_LIMITED,
    ErrorClass.QUOTA,
    ErrorClass.CANCELLED,
    ErrorClass.INTERNAL,
    ErrorClass.CIRCUIT_OPEN,
    ErrorClass.TOO_LARGE,
  ])('treats error class %s as neutral (no outcome)', (c) => {
    expect(outcomes(event(['openai', c]), 1)).toEqual([]);
  });

  it('yields nothing for a request with no attempts (e.g. a cache hit) or an unnamed provider', () => {
    expect(outcomes(event(), 1)).toEqual([]);
    expect(outcomes(event(['', ErrorClass.UPSTREAM]), 1)).toEqual([]);
  });
});
