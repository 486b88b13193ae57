import type { Failure, Reason } from './classify.ts';

// Whether a failed attempt is retried on the same target, falls back to the next one, or ends the request.

export interface RetryPolicy {
  /** Retries of the same target (0: each target is tried once). */
  retries: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF = { baseMs: 100, maxMs: 5000 };

/** Failures worth trying again on the same target: the provider may answer the next time. */
const RETRYABLE = new Set<Reason>(['rate_limited', 'server_error', 'timeout', 'connection', 'malformed', 'cut', 'stream_error']);
/** Failures of this target that another target may not have (its credential, its quota, its model, its limits). */
const FALLBACK = new Set<Reason>([...RETRYABLE, 'auth', 'quota', 'not_found', 'unsupported', 'context_too_long', 'circuit_open']);

export type Next = { action: 'retry'; delayMs: number } | { action: 'fallback' } | { action: 'stop' };

export interface AttemptState {
  /** Retries of the current target already made. */
  retriesDone: number;
  /** Time left before the request's deadline. */
  remainingMs: number;
  /** Bytes of the answer already reached the client (a stream): nothing can be retried any more. */
  sentFirstByte: boolean;
  /** A uniform draw in [0, 1) for the jitter. */
  random: number;
}

export function nextStep(f: Failure, s: AttemptState, policy: RetryPolicy): Next {
  const reason = f.reason ?? 'internal';
  if (s.sentFirstByte || reason === 'cancelled' || s.remainingMs <= 0) return { action: 'stop' };
  if (RETRYABLE.has(reason) && s.retriesDone < policy.retries) {
    const delayMs = backoffMs(s.retriesDone, policy, s.random, retryAfterMs(f));
    if (delayMs < s.remainingMs) return { action: 'retry', delayMs };
  }
  return FALLBACK.has(reason) ? { action: 'fallback' } : { action: 'stop' };
}

/**
 * Delay before retry number `retry` (0-based): exponential from baseMs, capped at maxMs, with "equal jitter"
 * (half fixed, half random) so synchronized clients spread out; never shorter than the provider's Retry-After.
 */
export function backoffMs(retry: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>, random: number, retryAfter = 0): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  return Math.max(Math.round(exp / 2 + (exp / 2) * random), retryAfter);
}

export function retryAfterMs(f: Failure): number {
  return f.retryAfterMs ?? f.retryAfterS * 1000;
}
