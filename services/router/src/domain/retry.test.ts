import { ErrorClass } from '@tollgate/proto/events';
import { describe, expect, it } from 'vitest';
import { classifyFault, classifyStatus, type Failure } from './classify.ts';
import { backoffMs, nextStep } from './retry.ts';

const policy = { retries: 2, baseMs: 100, maxMs: 5000 };
const state = (over: Partial<Parameters<typeof nextStep>[1]> = {}) => ({ retriesDone: 0, remainingMs: 60_000, sentFirstByte: false, random: 0.5, ...over });
const status = (s: number, message?: string, retryS = 0): Failure => classifyStatus(s, message, retryS);

describe('backoffMs', () => {
  it('doubles from the base with equal jitter, capped', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n, policy, 0))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((n) => backoffMs(n, policy, 1))).toEqual([100, 200, 400, 800]);
    expect(backoffMs(20, policy, 1)).toBe(5000);
  });

  it('never waits less than the provider asked (Retry-After)', () => {
    expect(backoffMs(0, policy, 0, 1000)).toBe(1000);
  });
});

describe('nextStep', () => {
  it('given a 429 with Retry-After 1 s and retries left, retries after at least 1 s', () => {
    expect(nextStep(status(429, undefined, 1), state(), policy)).toEqual({ action: 'retry', delayMs: 1000 });
  });

  it('given 5xx, timeouts, lost connections and malformed bodies, retries with growing delays', () => {
    for (const f of [status(503), classifyFault('timeout'), classifyFault('connection'), classifyFault('malformed')]) {
      expect(nextStep(f, state(), policy)).toEqual({ action: 'retry', delayMs: 75 });
      expect(nextStep(f, state({ retriesDone: 1 }), policy)).toEqual({ action: 'retry', delayMs: 150 });
    }
  });

  it('when the retries are spent, falls back to the next target', () => {
    expect(nextStep(status(503), state({ retriesDone: 2 }), policy)).toEqual({ action: 'fallback' });
  });

  it('when the backoff would pass the deadline, falls back instead of waiting', () => {
    expect(nextStep(status(429, undefined, 30), state({ remainingMs: 5000 }), policy)).toEqual({ action: 'fallback' });
  });

  it("falls back without retrying on this target's own problems: credentials, quota, unknown model, context window", () => {
    for (const f of [status(401), status(402), status(404), status(400, 'prompt is too long: 250000 tokens > 200000 maximum')]) expect(nextStep(f, state(), policy)).toEqual({ action: 'fallback' });
  });

  it("stops on the client's own mistakes, on cancellation and at the deadline", () => {
    expect(nextStep(status(400, 'bad temperature'), state(), policy)).toEqual({ action: 'stop' });
    expect(nextStep(status(413), state(), policy)).toEqual({ action: 'stop' });
    expect(nextStep(classifyFault('cancelled'), state(), policy)).toEqual({ action: 'stop' });
    expect(nextStep(status(503), state({ remainingMs: 0 }), policy)).toEqual({ action: 'stop' });
  });

  it('never retries or falls back once a stream sent its first byte', () => {
    const cut = classifyFault('cut');
    expect(cut.errorClass).toBe(ErrorClass.UPSTREAM);
    expect(nextStep(cut, state({ sentFirstByte: true }), policy)).toEqual({ action: 'stop' });
    expect(nextStep(cut, state(), policy).action).toBe('retry');
  });
});
