// The two ports of @tollgate/limits. Each has an in-memory twin (one process, the embedded default) and a Redis
// implementation (shared by every replica); both pass one contract suite (rate-contract.ts, budget-contract.ts).
// Time is always passed in (nowMs), never read, so the same clock drives every replica's view and tests can move it.

/** One rate limit applied to a request: `limit` units per `windowMs`, consuming `cost` units. */
export interface RateRule {
  /** Logical key (the store adds its prefix), e.g. `rl:{project}:key:k1:rpm`. */
  key: string;
  limit: number;
  windowMs: number;
  /** Units this request consumes: 1 for request limits, the token estimate for token limits. */
  cost: number;
  /** What is counted, for the OpenAI-style headers. */
  unit: 'requests' | 'tokens';
}

/** A rule's state after the decision, for `x-ratelimit-*` headers. */
export interface RuleState {
  key: string;
  unit: 'requests' | 'tokens';
  limit: number;
  /** Units that could still be consumed now. */
  remaining: number;
  /** Time until the rule is fully replenished. */
  resetMs: number;
}

export type RateDecision =
  | { allowed: true; states: RuleState[] }
  | { allowed: false; retryAfterMs: number; deniedKey: string; states: RuleState[] };

export interface RateLimiter {
  /**
   * Checks every rule and, only if all allow, consumes all of them: one atomic step (all-or-nothing), even
   * when replicas call it at the same time. A rule whose cost exceeds its limit can never pass (retry after
   * its window).
   */
  check(rules: RateRule[], nowMs: number): Promise<RateDecision>;
  /** Corrects what was consumed (estimate -> actual): delta units per rule, negative to give back. */
  adjust(rules: { key: string; limit: number; windowMs: number; delta: number }[], nowMs: number): Promise<void>;
}

/** One budget a request is charged to: a (project or key, period) pair. Amounts are integer nano-USD. */
export interface BudgetScope {
  /** Logical key including the period, e.g. `bg:{project}:project:p1:day:2026-11-23`. */
  key: string;
  limitNanousd: bigint;
  /** How long the scope's totals are kept after the last write (longer than its period). */
  retentionMs: number;
  /** Human name for messages, e.g. `project daily`. */
  label: string;
}

export interface Reservation {
  id: string;
  scopes: { key: string; retentionMs: number }[];
  amountNanousd: bigint;
  /** After this time an unsettled reservation no longer counts (crash safety). */
  expiresAtMs: number;
}

export type ReserveResult =
  | { ok: true; reservation: Reservation }
  | { ok: false; scope: BudgetScope; spentNanousd: bigint; reservedNanousd: bigint };

export interface ReserveRequest {
  id: string;
  scopes: BudgetScope[];
  /** The request's maximum cost. */
  amountNanousd: bigint;
  ttlMs: number;
}

export interface BudgetStore {
  /**
   * Atomically, over all scopes: drops expired reservations, rejects if any scope has
   * spent + reserved + amount > limit (an amount of 0 counts as 1, so an exhausted budget admits nothing),
   * else reserves amount in every scope.
   */
  reserve(req: ReserveRequest, nowMs: number): Promise<ReserveResult>;
  /**
   * Releases the reservation (if still held) and adds the actual cost to every scope. Adds the cost even when
   * the reservation expired or never existed (a fail-open admission): spending that happened is recorded.
   * Not idempotent: call once per reservation.
   */
  settle(reservation: Reservation, actualNanousd: bigint): Promise<void>;
  usage(scopeKey: string): Promise<{ spentNanousd: bigint; reservedNanousd: bigint }>;
}

/** The store could not answer (Redis unreachable, timed out). Callers apply their fail-open/closed policy. */
export class LimitsUnavailableError extends Error {
  readonly op: string;
  constructor(op: string, cause: unknown) {
    super(`limits store unavailable (${op})`, { cause });
    this.name = 'LimitsUnavailableError';
    this.op = op;
  }
}
