import type { CircuitRecord } from '@tollgate/events';
import { ErrorClass, type RequestCompleted } from '@tollgate/proto/events';

// The circuit breaker as a pure fold over provider outcomes. Time is the events' occurrence time, never a
// clock, so replaying the stream from scratch rebuilds exactly the same records.
//
//   closed --failures reach threshold--> open (untilMs = at + openMs)
//   open, at < untilMs: outcomes ignored (the router does not send; stragglers do not count)
//   open, at >= untilMs (half-open): success --> closed; failure --> open again (untilMs = at + openMs)
//
// 'half_open' is never stored: an open record past untilMs is half-open implicitly (circuitAllows lets probes
// through). A half_open record written by someone else is folded like an expired open one.

export interface Outcome {
  provider: string;
  failed: boolean;
  atMs: number;
}

export interface CircuitPolicy {
  /** Consecutive provider-side failures that open a closed circuit. */
  failureThreshold: number;
  /** How long an opened circuit stays open before a probe may go through. */
  openMs: number;
}

/** Failures that say the provider is unhealthy. Client errors, 429, quota, cancellations and our own errors do not. */
const PROVIDER_FAILURES = new Set<ErrorClass>([ErrorClass.UPSTREAM, ErrorClass.TIMEOUT, ErrorClass.CONNECTION]);

export function isProviderFailure(c: ErrorClass): boolean {
  return PROVIDER_FAILURES.has(c);
}

/**
 * One outcome per attempt that says something about the provider's health: a success (error class NONE) or a
 * provider-side failure. Attempts that failed for other reasons (bad request, auth, 429, cancelled, circuit
 * open, ...) are neutral and yield nothing. atMs is the envelope's occurred_at.
 */
export function outcomes(event: RequestCompleted, atMs: number): Outcome[] {
  const out: Outcome[] = [];
  for (const a of event.attempts) {
    if (!a.provider) continue;
    if (a.errorClass === ErrorClass.NONE) out.push({ provider: a.provider, failed: false, atMs });
    else if (isProviderFailure(a.errorClass)) out.push({ provider: a.provider, failed: true, atMs });
  }
  return out;
}

export function initialCircuit(provider: string): CircuitRecord {
  return { provider, state: 'closed', failures: 0, untilMs: 0, updatedMs: 0 };
}

export function evolve(state: CircuitRecord | undefined, outcome: Outcome, policy: CircuitPolicy): CircuitRecord {
  const s = state ?? initialCircuit(outcome.provider);
  const at = outcome.atMs;
  if (s.state === 'closed') {
    if (!outcome.failed) return s.failures === 0 ? { ...s, updatedMs: at } : { ...s, failures: 0, updatedMs: at };
    const failures = s.failures + 1;
    return failures >= policy.failureThreshold
      ? { ...s, state: 'open', failures, untilMs: at + policy.openMs, updatedMs: at }
      : { ...s, failures, updatedMs: at };
  }
  if (s.state === 'open' && at < s.untilMs) return s;
  // Half-open: this outcome is the probe's.
  return outcome.failed
    ? { ...s, state: 'open', failures: s.failures + 1, untilMs: at + policy.openMs, updatedMs: at }
    : { ...s, state: 'closed', failures: 0, untilMs: 0, updatedMs: at };
}

/** Whether a record changed in a way readers care about (worth a KV write). */
export function circuitChanged(a: CircuitRecord | undefined, b: CircuitRecord): boolean {
  return !a || a.state !== b.state || a.failures !== b.failures || a.untilMs !== b.untilMs;
}
